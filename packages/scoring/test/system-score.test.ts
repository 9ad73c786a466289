import { describe, expect, it } from 'vitest';
import { scoreSystem } from '../src/index.js';
import { rec } from './helpers.js';

const checks = [
  rec('b1.deploy', 'PASS', ['B1-01']),
  rec('b1.health', 'PASS', ['B1-02']),
  rec('b1.validate', 'FAIL', ['B1-04']),
  rec('b1.tools', 'PASS', ['B1-07']),
  rec('b1.handshake', 'SKIP', ['B1-09']),
  rec('b2.other', 'FAIL', ['B2-01']),
];

describe('scoreSystem (seed 001 section 6.1)', () => {
  it('adds the six categories by the formula (hand-computed)', () => {
    const s = scoreSystem('build1', checks, {
      contract: { passed: 3, total: 4 },
      health: { passed: 1, total: 2 },
      violations: { count: 4, loc: 2000 },
      artifacts: { required: ['README.md', 'Dockerfile', '.mcp.json', 'openapi.yaml'], present: ['README.md', 'Dockerfile', '.mcp.json'] },
    });
    // 3/20*30 = 4.5; 3/5*20 = 12 (the SKIP is not passed); (0+3)/(1+4)*20 = 12; 15 - 2*1.5 = 12; (1+1)/(1+2)*10 = 6.667; 3/4*5 = 3.75
    expect(s.categories.map((c) => [c.name, Number(c.points.toFixed(3))])).toEqual([
      ['Functional Completeness', 4.5],
      ['Test Health', 12],
      ['Contract Compliance', 12],
      ['Code Quality', 12],
      ['Docker Health', 6.667],
      ['Documentation', 3.75],
    ]);
    expect(s.score).toBe(50.92);
    expect(s.light).toBe('YELLOW');
    expect(s.requirements).toMatchObject({ total: 20, passed: 3, warned: [], failed: 1 });
    expect(s.categories[1]?.evidence).toBe('3/5 B1-* checks passed (1 FAIL, 1 SKIP: not counted as passed)');
    expect(s.requirements.untested).toHaveLength(16);
    expect(s.categories[5]?.evidence).toBe('3/4 required artifacts present; missing openapi.yaml');
  });

  it('never counts a WARN as passed: a WARN scores below the same checks all PASS', () => {
    const allPass = [rec('h1', 'PASS', ['B1-02']), rec('h2', 'PASS', ['B1-02']), rec('v', 'PASS', ['B1-04'])];
    const oneWarn = [rec('h1', 'PASS', ['B1-02']), rec('h2', 'WARN', ['B1-02']), rec('v', 'PASS', ['B1-04'])];
    const pass = scoreSystem('build1', allPass);
    const warn = scoreSystem('build1', oneWarn);
    const points = (s: typeof pass, name: string) => s.categories.find((c) => c.name === name)?.points;
    // Test Health 3/3*20 = 20 vs 2/3*20; Docker Health 2/2*10 = 10 vs 1/2*10 = 5; Functional 2/20*30 = 3 vs 1/20*30 = 1.5 (B1-02 only WARN)
    expect([points(pass, 'Test Health'), points(pass, 'Docker Health'), points(pass, 'Functional Completeness')]).toEqual([20, 10, 3]);
    expect([points(warn, 'Test Health'), points(warn, 'Docker Health'), points(warn, 'Functional Completeness')]).toEqual([(2 / 3) * 20, 5, 1.5]);
    expect(warn.score).toBeLessThan(pass.score as number);
    expect(warn.requirements).toMatchObject({ passed: 1, warned: ['B1-02'] });
    expect(warn.categories.find((c) => c.name === 'Docker Health')?.evidence).toBe('1/2 health checks passed (1 WARN: not counted as passed)');
  });

  it('never counts a SKIP as passed, and SKIP alone is UNTESTED, not 0/0 passed', () => {
    const withSkip = scoreSystem('build1', [rec('h1', 'PASS', ['B1-02']), rec('h2', 'SKIP', ['B1-02'])]);
    expect(withSkip.categories.find((c) => c.name === 'Docker Health')).toMatchObject({ points: 5, metric: 0.5 });
    const onlySkip = scoreSystem('build1', [rec('h2', 'SKIP', ['B1-02'])]);
    expect(onlySkip.categories.find((c) => c.name === 'Docker Health')).toMatchObject({ status: 'UNTESTED', points: 0, evidence: 'no health checks ran (1 SKIP)' });
  });

  it('gives code quality 0 above 10 violations per KLOC', () => {
    const s = scoreSystem('build2', [], { violations: { count: 25, loc: 2000 } });
    expect(s.categories.find((c) => c.name === 'Code Quality')).toMatchObject({ metric: 12.5, points: 0, status: 'SCORED' });
  });

  it('is UNTESTED with no evidence at all: no points for an unscanned code base', () => {
    const s = scoreSystem('build3', []);
    expect(s.score).toBeNull();
    expect(s.light).toBe('UNTESTED');
    expect(s.categories.every((c) => c.status === 'UNTESTED' && c.points === 0)).toBe(true);
  });

  it('scores only what was measured: a clean scan alone is 15, not 100', () => {
    const s = scoreSystem('build2', [], { violations: { count: 0, loc: 500 } });
    expect(s.score).toBe(15);
    expect(s.light).toBe('RED');
  });
});
