import { describe, expect, it } from 'vitest';
import { check, formatSummaryLine, summarizeChecks } from '../src/index.js';

describe('summarizeChecks', () => {
  const records = [
    check('a', 'A', 'PASS', 'ok', ['SC-01', 'B1-07']),
    check('b', 'B', 'FAIL', 'broken', ['B1-07']),
    check('c', 'C', 'SKIP', 'no engine', ['SC-02']),
    check('d', 'D', 'WARN', 'slow', ['SC-01']),
  ];

  it('counts statuses and computes the pass rate over checks that ran', () => {
    const s = summarizeChecks(records);
    expect(s).toMatchObject({ total: 4, passed: 1, failed: 1, warned: 1, skipped: 1, ok: false });
    expect(s.passRate).toBeCloseTo(1 / 3);
    expect(formatSummaryLine(s)).toBe('1 passed, 1 failed, 1 skipped');
  });

  it('keeps the worst status per requirement', () => {
    expect(summarizeChecks(records).byRequirement).toEqual({ 'SC-01': 'WARN', 'B1-07': 'FAIL', 'SC-02': 'SKIP' });
  });

  it('reports a zero pass rate, not NaN, when nothing ran', () => {
    expect(summarizeChecks([]).passRate).toBe(0);
    expect(summarizeChecks([]).ok).toBe(true);
  });
});
