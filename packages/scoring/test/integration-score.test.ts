import { describe, expect, it } from 'vitest';
import { evaluateDataFlows, scoreIntegration } from '../src/index.js';
import { rec } from './helpers.js';

const tools = Array.from({ length: 20 }, (_, i) => ({ server: 's', tool: `t${i}`, ok: i < 18 }));
const checks = [
  rec('flow.register', 'PASS', ['DF-1']),
  rec('flow.login', 'PASS', ['DF-2']),
  rec('flow.order', 'FAIL', ['DF-3']),
  rec('flow.event', 'SKIP', ['DF-4']),
  rec('x1', 'PASS', ['X-01']),
  rec('x5', 'FAIL', ['X-05']),
  rec('p1', 'PASS', ['R4-M4-001']),
  rec('p2', 'PASS', ['R4-M4-002']),
  rec('p3', 'FAIL', ['R4-M4-003']),
];

describe('scoreIntegration (seed 001 section 6.2)', () => {
  it('adds MCP, flows, contract fidelity and phases (hand-computed)', () => {
    const s = scoreIntegration(checks, { mcpTools: tools, crossBuildViolations: 1 });
    // 18/20*25 = 22.5; 2/5*25 = 10; 25 - (1 + 1)*2.5 = 20; 2/7*25 = 7.142857
    expect(s.categories.map((c) => Number(c.points.toFixed(4)))).toEqual([22.5, 10, 20, 7.1429]);
    expect(s.score).toBe(59.64);
    expect(s.light).toBe('YELLOW');
  });

  it('reads phases from the pipeline report when given', () => {
    const phases = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name, i) => ({ name, status: i < 5 ? ('complete' as const) : ('failed' as const) }));
    const s = scoreIntegration(checks, { phases });
    expect(s.categories[3]?.points).toBeCloseTo((5 / 7) * 25, 10);
  });

  it('leaves contract fidelity UNTESTED (not 25 points) when no cross-build evidence exists', () => {
    const s = scoreIntegration([rec('flow.register', 'PASS', ['DF-1'])]);
    expect(s.categories.map((c) => c.status)).toEqual(['UNTESTED', 'SCORED', 'UNTESTED', 'UNTESTED']);
    expect(s.score).toBe(5);
  });

  it('does not count a WARN flow as passing, nor a WARN or SKIP X-* check as a verified contract', () => {
    const pass = [rec('f1', 'PASS', ['DF-1']), rec('f2', 'PASS', ['DF-2']), rec('x1', 'PASS', ['X-01']), rec('x2', 'PASS', ['X-02'])];
    const caveated = [rec('f1', 'PASS', ['DF-1']), rec('f2', 'WARN', ['DF-2']), rec('x1', 'PASS', ['X-01']), rec('x2', 'WARN', ['X-02']), rec('x3', 'SKIP', ['X-03'])];
    const a = scoreIntegration(pass);
    const b = scoreIntegration(caveated);
    // flows 2/5*25 = 10 vs 1/5*25 = 5; fidelity 25 vs 25 - 2*2.5 = 20
    expect(a.categories.slice(1, 3).map((c) => c.points)).toEqual([10, 25]);
    expect(b.categories.slice(1, 3).map((c) => c.points)).toEqual([5, 20]);
    expect(b.flows[1]).toMatchObject({ id: 'DF-2', status: 'WARN', tested: true });
    expect(b.categories[2]?.evidence).toBe(
      '0 cross-build violation(s): 0 failed X-* check(s) of 3, 0 from reports; 2 X-* check(s) not verified (1 WARN, 1 SKIP) cost 2.5 each, not counted as passed',
    );
    expect(b.score).toBeLessThan(a.score as number);
  });

  it('is UNTESTED with no evidence', () => {
    expect(scoreIntegration([])).toMatchObject({ score: null, light: 'UNTESTED' });
  });
});

describe('evaluateDataFlows', () => {
  it("reports a stack's own flows (no seed id) from their flow checks, a failed one as FAIL", () => {
    const own = [rec('m4.flow.lf-1', 'PASS', ['R4-M4-006']), rec('m4.flow.lf-2', 'FAIL', ['R4-M4-006']), rec('m4.flow.lf-3', 'SKIP', ['R4-M4-006'])];
    expect(evaluateDataFlows(own).map((f) => [f.id, f.status, f.tested])).toEqual([
      ['lf-1', 'PASS', true],
      ['lf-2', 'FAIL', true],
      ['lf-3', 'UNTESTED', false],
    ]);
  });

  it('reports each of DF-1..DF-5 with its checks, SKIP-only as UNTESTED', () => {
    expect(evaluateDataFlows(checks).map((f) => [f.id, f.status, f.tested])).toEqual([
      ['DF-1', 'PASS', true],
      ['DF-2', 'PASS', true],
      ['DF-3', 'FAIL', true],
      ['DF-4', 'UNTESTED', false],
      ['DF-5', 'UNTESTED', false],
    ]);
    expect(evaluateDataFlows(checks)[3]?.evidence).toBe('flow.event SKIP: flow.event skip');
  });
});
