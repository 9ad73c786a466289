import { describe, expect, it } from 'vitest';
import { convergenceScore, passMetrics, weightedOpen } from '../src/index.js';

describe('convergenceScore (seed 001 section 5.3)', () => {
  it('is 1 - weighted remaining / weighted initial', () => {
    // initial 2*0.4 + 1*0.3 + 3*0.1 = 1.4; remaining 0 + 1*0.3 + 1*0.1 = 0.4 → 1 - 0.4/1.4
    expect(weightedOpen({ P0: 2, P1: 1, P2: 3 })).toBeCloseTo(1.4, 10);
    expect(convergenceScore({ P0: 0, P1: 1, P2: 1 }, { P0: 2, P1: 1, P2: 3 })).toBeCloseTo(1 - 0.4 / 1.4, 10);
  });
  it('is 1 when nothing was weighted at the start, 0 when nothing moved, and never below 0', () => {
    expect(convergenceScore({ P0: 0, P1: 0, P2: 0 }, { P0: 0, P1: 0, P2: 0 })).toBe(1);
    expect(convergenceScore({ P0: 1, P1: 1, P2: 0 }, { P0: 1, P1: 1, P2: 0 })).toBe(0);
    expect(convergenceScore({ P0: 3, P1: 0, P2: 0 }, { P0: 1, P1: 0, P2: 0 })).toBe(0);
  });
});

describe('passMetrics (R4-M5-004)', () => {
  const base = { passNumber: 1, newDefects: 2, cost: 1.5, convergence: 0.5, openAfter: { P0: 0, P1: 1, P2: 0, P3: 0 }, durationMs: 5 };
  it('computes effectiveness with regressions counted against it, regression rate and score delta', () => {
    const r = passMetrics({ ...base, targeted: 4, resolved: 3, regressions: 1, scoreBefore: 61, scoreAfter: 74.5 });
    expect(r).toMatchObject({ failed: 1, effectiveness: 0.5, regression_rate: 0.25, new_defects: 2, score_delta: 13.5 });
  });
  it('never goes below 0 and leaves the score fields out without scores', () => {
    const r = passMetrics({ ...base, targeted: 2, resolved: 0, regressions: 3, scoreBefore: null, scoreAfter: null });
    expect(r).toMatchObject({ effectiveness: 0, regression_rate: 1.5 });
    expect('score_before' in r || 'score_after' in r || 'score_delta' in r).toBe(false);
  });
});
