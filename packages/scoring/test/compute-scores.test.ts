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
    // build1: 1/20*30 + 1/1*20 = 21.5; build2: 0; build3: B3-01 only WARN and B3-02 only SKIP: 0/10*30 + 0/2*20 = 0; integration UNTESTED
    expect(s.perSystemScores).toEqual({ build1: 21.5, build2: 0, build3: 0 });
    expect(s.aggregate.score).toBe(Math.round(21.5 * 0.3 * 100) / 100);
    expect(s.aggregate.untested).toEqual(['integration']);
    // only the PASS is passed: 1 of 4 checks
    expect(s.testPassRate).toBe(0.25);
    expect(s.testCounts).toEqual({ passed: 1, warned: 1, failed: 1, skipped: 1, total: 4 });
    expect(s.checksRan).toBe(3);
    expect(s.thresholds.find((r) => r.criterion === 'Fix convergence')?.level).toBe('TARGET');
    // matrix coverage (seed 002 7.5): 58 criteria, only B1-01 covered; B2-01 failed, B3-01 only WARN
    expect(s.coverage).toMatchObject({ total_criteria: 58, covered: 1 });
    expect(s.coverage.uncovered).toEqual(expect.arrayContaining(['B2-01', 'B3-01', 'B3-02']));
    expect(s.coverage.coverage_pct).toBeCloseTo((1 / 58) * 100, 10);
  });

  it('rates a check set with a WARN below the same set all PASS, and the threshold row says why', () => {
    const allPass = Array.from({ length: 20 }, (_, i) => rec(`c${i}`, 'PASS', ['B1-01']));
    const oneWarn = allPass.map((c, i) => (i === 0 ? { ...c, status: 'WARN' as const } : c));
    const oneSkip = allPass.map((c, i) => (i === 0 ? { ...c, status: 'SKIP' as const } : c));
    const rate = (checks: typeof allPass) => computeScores({ checks }).testPassRate;
    expect([rate(allPass), rate(oneWarn), rate(oneSkip)]).toEqual([1, 0.95, 0.95]);
    const row = (checks: typeof allPass) => computeScores({ checks }).thresholds.find((r) => r.criterion === 'Test pass rate');
    expect(row(allPass)).toMatchObject({ level: 'STRETCH', basis: '20/20 checks passed' });
    expect(row(oneWarn)).toMatchObject({ level: 'TARGET', basis: '19/20 checks passed (1 WARN: not counted as passed)' });
    expect(row(oneSkip)).toMatchObject({ level: 'TARGET', basis: '19/20 checks passed (1 SKIP: not counted as passed)' });
  });

  it('says in each threshold row what was verified', () => {
    const checks = [rec('a', 'PASS', ['B1-01']), rec('w', 'WARN', ['B1-02']), rec('dns', 'WARN', ['B1-20'])];
    const s = computeScores({ checks, integration: { mcpTools: [{ server: 's', tool: 't1', ok: true, errorOk: true }, { server: 's', tool: 't2', ok: false }] } });
    const basis = (criterion: string) => s.thresholds.find((r) => r.criterion === criterion)?.basis;
    expect(basis('Per-system score (build1)')).toBe(
      '3/6 categories scored (UNTESTED, 0 points: Contract Compliance, Code Quality, Documentation); requirements 1 PASS, 2 WARN, 0 FAIL, 17 UNTESTED of 20',
    );
    expect(basis('MCP tool coverage')).toBe('1/2 tools answered a valid request correctly; error path verified on 1');
    expect(basis('Aggregate score')).toMatch(/^dark corners not verified \(DC-1 UNTESTED, DC-2 WARN, DC-3 UNTESTED, DC-4 UNTESTED\)/);
    expect(basis('P0 remaining')).toBe('not measured');
  });

  it('rejects malformed input with a typed usage error', () => {
    expect(() => computeScores({ checks: [{ id: 'x' }] } as never)).toThrow(ScoringInputError);
    expect(() => computeScores({ checks: [], systems: { build1: { contract: { passed: 3, total: 2 } } } })).toThrow(/passed cannot exceed total/);
  });
});
