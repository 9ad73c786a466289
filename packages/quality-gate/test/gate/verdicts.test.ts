import { describe, expect, it } from 'vitest';
import { skippedLayer } from '../../src/gate/report-schema.js';
import { classifyViolations, layerCheck, overallVerdict, shouldPromote } from '../../src/gate/verdicts.js';

describe('verdict rules', () => {
  it('combines layer verdicts: failed > partial > passed > skipped', () => {
    expect(overallVerdict(['passed', 'failed', 'partial', 'passed'])).toBe('failed');
    expect(overallVerdict(['passed', 'partial', 'skipped', 'passed'])).toBe('partial');
    expect(overallVerdict(['skipped', 'passed', 'skipped', 'skipped'])).toBe('passed');
    expect(overallVerdict(['skipped', 'skipped', 'skipped', 'skipped'])).toBe('skipped');
  });

  it('promotes past every layer but a failed one, and always past Layer 4', () => {
    const base = skippedLayer('layer3_system', 'x');
    expect(shouldPromote({ ...base, verdict: 'failed' })).toBe(false);
    expect(shouldPromote({ ...base, verdict: 'partial' })).toBe(true);
    expect(shouldPromote({ ...base, layer: 'layer4_adversarial', verdict: 'failed' })).toBe(true);
    expect(layerCheck({ ...base, verdict: 'failed', blocking_violations: 2 }).status).toBe('FAIL');
    expect(layerCheck({ ...base, layer: 'layer4_adversarial', verdict: 'failed' }).status).toBe('WARN');
  });

  it('groups violations by severity', () => {
    const g = classifyViolations([{ severity: 'warning' as const, id: 1 }, { severity: 'error' as const, id: 2 }, { severity: 'warning' as const, id: 3 }]);
    expect(g.error.map((v) => v.id)).toEqual([2]);
    expect(g.warning.map((v) => v.id)).toEqual([1, 3]);
    expect(g.info).toEqual([]);
  });
});
