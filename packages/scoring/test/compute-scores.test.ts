import { describe, expect, it } from 'vitest';
import { computeScores, evaluateThresholds, ScoreReportSchema, ScoringInputError, type ThresholdValues } from '../src/index.js';
import { rec } from './helpers.js';

const values: ThresholdValues = {
  perSystem: { build1: 90, build2: 59.9, build3: null },
  integration: 75,
  aggregate: 80,
  p0: 0,
  p1: 3,
  testPassRate: 0.9,
  mcpCoverage: 1,
  mcpErrorsAllOk: false,
  convergence: 0.69,
};

describe('evaluateThresholds (seed 001 section 6.5)', () => {
  it('rates each criterion by the best level it reaches', () => {
    expect(evaluateThresholds(values).map((r) => [r.criterion, r.level])).toEqual([
      ['Per-system score (build1)', 'STRETCH'],
      ['Per-system score (build2)', 'BELOW_MINIMUM'],
      ['Per-system score (build3)', 'UNTESTED'],
      ['Integration score', 'TARGET'],
      ['Aggregate score', 'TARGET'],
      ['P0 remaining', 'STRETCH'],
      ['P1 remaining', 'MINIMUM'],
      ['Test pass rate', 'MINIMUM'],
      ['MCP tool coverage', 'TARGET'],
      ['Fix convergence', 'BELOW_MINIMUM'],
    ]);
  });
  it('needs error coverage for the MCP stretch level and fails any P0 remaining', () => {
    const rows = evaluateThresholds({ ...values, mcpErrorsAllOk: true, p0: 1 });
    expect(rows.find((r) => r.criterion === 'MCP tool coverage')?.level).toBe('STRETCH');
    expect(rows.find((r) => r.criterion === 'P0 remaining')?.level).toBe('BELOW_MINIMUM');
  });
});

describe('computeScores', () => {
  it('with no checks and no reports says UNTESTED everywhere, never PASS', () => {
    const s = computeScores({ checks: [] });
    expect(s.aggregate).toMatchObject({ score: null, light: 'UNTESTED' });
    expect(s.testPassRate).toBeNull();
    expect(s.perSystemScores).toEqual({});
    expect(s.thresholds.every((r) => r.level === 'UNTESTED')).toBe(true);
    expect(ScoreReportSchema.parse(s)).toEqual(s);
  });

  it('ties the parts together from check records and reports', () => {
    const checks = [rec('a', 'PASS', ['B1-01']), rec('b', 'FAIL', ['B2-01']), rec('c', 'WARN', ['B3-01']), rec('d', 'SKIP', ['B3-02'])];
    const s = computeScores({ checks, fixLoop: { p0Remaining: 0, p1Remaining: 1, convergence: 0.9 } });
    // build1: 1/20*30 + 1/1*20 = 21.5; build2: 0; build3: 1/10*30 + 20 = 23; integration UNTESTED
    expect(s.perSystemScores).toEqual({ build1: 21.5, build2: 0, build3: 23 });
    expect(s.aggregate.score).toBe(Math.round((21.5 * 0.3 + 23 * 0.25) * 100) / 100);
    expect(s.aggregate.untested).toEqual(['integration']);
    expect(s.testPassRate).toBeCloseTo(2 / 3, 10);
    expect(s.thresholds.find((r) => r.criterion === 'Fix convergence')?.level).toBe('TARGET');
    // matrix coverage (seed 002 7.5): 58 criteria, B1-01 and B3-01 (WARN) covered, B2-01 failed
    expect(s.coverage).toMatchObject({ total_criteria: 58, covered: 2 });
    expect(s.coverage.uncovered).toContain('B2-01');
    expect(s.coverage.coverage_pct).toBeCloseTo((2 / 58) * 100, 10);
  });

  it('rejects malformed input with a typed usage error', () => {
    expect(() => computeScores({ checks: [{ id: 'x' }] } as never)).toThrow(ScoringInputError);
    expect(() => computeScores({ checks: [], systems: { build1: { contract: { passed: 3, total: 2 } } } })).toThrow(/passed cannot exceed total/);
  });
});
