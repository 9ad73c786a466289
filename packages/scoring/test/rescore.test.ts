import { describe, expect, it } from 'vitest';
import { aggregateScorer, computeScores } from '../src/index.js';
import { rec } from './helpers.js';

const standing = [rec('m2.handshake', 'PASS', ['B1-09']), rec('m2.inventory', 'PASS', ['B1-12'])];
const before = [rec('m4.flow.df-1', 'PASS', ['DF-1']), rec('m4.flow.df-3', 'FAIL', ['DF-3']), rec('gate.l3', 'FAIL', ['X-10'])];
const after = [rec('m4.flow.df-1', 'PASS', ['DF-1']), rec('m4.flow.df-3', 'PASS', ['DF-3']), rec('gate.l3', 'PASS', ['X-10'])];

describe('aggregateScorer', () => {
  it('is computeScores\' aggregate of the records of each call, so a fix that turns FAILs into PASSes raises it', () => {
    const score = aggregateScorer({}, standing);
    const s0 = score(before);
    const s1 = score(after);
    expect(s0).toBe(computeScores({ checks: [...standing, ...before] }).aggregate.score);
    expect(s1).toBe(computeScores({ checks: [...standing, ...after] }).aggregate.score);
    expect(s1! - s0!).toBeGreaterThan(0);
  });

  it('drops when a planted regression turns a PASS into a FAIL, and is null with no evidence', () => {
    const score = aggregateScorer({ integration: { mcpTools: [{ server: 'architect', tool: 'decompose', ok: true }] } });
    const regressed = after.map((c) => (c.id === 'm4.flow.df-1' ? rec(c.id, 'FAIL', c.requirementIds) : c));
    expect(score(regressed)!).toBeLessThan(score(after)!);
    expect(aggregateScorer()([])).toBeNull();
  });
});
