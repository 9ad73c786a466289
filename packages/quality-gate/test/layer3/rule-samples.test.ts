import { describe, expect, it } from 'vitest';
import { ALL_RULES, scanSources, type Rule, type RuleSample } from '../../src/layer3/index.js';
import { LAYER3_SCAN_CODES, ScanViolationSchema } from '../../src/models/index.js';

async function run(rule: Rule, sample: RuleSample) {
  const sources = [{ path: sample.path, content: sample.content }, ...(sample.extraFiles ?? [])];
  const { violations } = await scanSources(sources, { rules: [rule] });
  return violations;
}

describe('Layer 3 rule catalogue', () => {
  it('has exactly one rule per seed 004 section 6.4 code, with seed severities', () => {
    expect(ALL_RULES.map((r) => r.code)).toEqual(LAYER3_SCAN_CODES.map((c) => c.code));
    for (const rule of ALL_RULES) {
      expect(rule.message.length).toBeGreaterThan(10);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.samples.truePositive.length).toBeGreaterThan(0);
      expect(rule.samples.subtleTruePositive.length).toBeGreaterThan(0);
      expect(rule.samples.decoys.length).toBeGreaterThan(0);
    }
  });
});

describe.each(ALL_RULES.map((r) => [r.code, r] as const))('%s samples', (code, rule) => {
  it.each(rule.samples.truePositive.map((s, i) => [i, s] as const))('finds true positive #%i', async (_i, sample) => {
    const violations = await run(rule, sample);
    expect(violations.map((v) => v.code)).toContain(code);
    for (const v of violations) expect(() => ScanViolationSchema.parse(v)).not.toThrow();
  });
  it.each(rule.samples.subtleTruePositive.map((s, i) => [i, s] as const))('finds subtle true positive #%i', async (_i, sample) => {
    const violations = await run(rule, sample);
    expect(violations.map((v) => v.code)).toContain(code);
  });
  it.each(rule.samples.decoys.map((s, i) => [i, s] as const))('stays silent on decoy #%i', async (_i, sample) => {
    const violations = await run(rule, sample);
    expect(violations).toEqual([]);
  });
});
