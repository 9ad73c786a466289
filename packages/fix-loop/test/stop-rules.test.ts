import { describe, expect, it } from 'vitest';
import { evaluateStopRules, passMetrics, StopRuleOptionsSchema, type FixPassRecord, type LoopState } from '../src/index.js';

const rules = StopRuleOptionsSchema.parse({});
const rec = (over: Partial<FixPassRecord> = {}): FixPassRecord => ({
  ...passMetrics({ passNumber: 1, targeted: 4, resolved: 3, regressions: 0, newDefects: 0, scoreBefore: null, scoreAfter: null, cost: 0, convergence: 0.5, openAfter: { P0: 1, P1: 1, P2: 0, P3: 0 }, durationMs: 1 }),
  ...over,
});
const state = (over: Partial<LoopState> = {}): LoopState => ({
  passes: [],
  open: { P0: 1, P1: 1, P2: 0, P3: 0 },
  totalCost: 0,
  convergence: 0.5,
  aggregateScore: null,
  targetable: 2,
  ...over,
});

describe('evaluateStopRules (R4-M5-005)', () => {
  it('keeps going when no rule applies', () => {
    expect(evaluateStopRules(state({ passes: [rec()] }), rules)).toMatchObject({ stop: false, reason: null });
  });
  it('hard stop: P0 = 0 and P1 = 0', () => {
    expect(evaluateStopRules(state({ open: { P0: 0, P1: 0, P2: 4, P3: 1 } }), rules)).toMatchObject({ stop: true, kind: 'hard', reason: 'zero-p0-p1' });
  });
  it('hard stop: max_fix_passes reached (0 means no pass at all)', () => {
    expect(evaluateStopRules(state({ passes: [rec(), rec()] }), { ...rules, maxFixPasses: 2 }).reason).toBe('max-passes');
    expect(evaluateStopRules(state(), { ...rules, maxFixPasses: 0 }).reason).toBe('max-passes');
  });
  it('hard stop: budget exhausted, never without a budget', () => {
    expect(evaluateStopRules(state({ totalCost: 10 }), { ...rules, budgetLimit: 10 }).reason).toBe('budget-exhausted');
    expect(evaluateStopRules(state({ totalCost: 9.99 }), { ...rules, budgetLimit: 10 }).stop).toBe(false);
    expect(evaluateStopRules(state({ totalCost: 1e6 }), rules).stop).toBe(false);
  });
  it('hard stop: effectiveness below 30% for 2 consecutive passes, not for one', () => {
    const low = rec({ effectiveness: 0.25 });
    expect(evaluateStopRules(state({ passes: [rec(), low] }), rules).stop).toBe(false);
    expect(evaluateStopRules(state({ passes: [low, rec()] }), rules).stop).toBe(false);
    expect(evaluateStopRules(state({ passes: [rec(), low, low] }), rules).reason).toBe('effectiveness-floor');
  });
  it('hard stop: regression rate above 25% for 2 consecutive passes, not at exactly 25%', () => {
    const high = rec({ regression_rate: 0.5 });
    expect(evaluateStopRules(state({ passes: [high, rec({ regression_rate: 0.25 })] }), rules).stop).toBe(false);
    expect(evaluateStopRules(state({ passes: [high, high] }), rules).reason).toBe('regression-ceiling');
  });
  it('hard stop: open P0/P1 that no builder can be given', () => {
    expect(evaluateStopRules(state({ targetable: 0 }), rules).reason).toBe('nothing-targetable');
  });
  it('soft stop: convergence at or above 0.85 after a pass', () => {
    expect(evaluateStopRules(state({ passes: [rec()], convergence: 0.85 }), rules)).toMatchObject({ kind: 'soft', reason: 'converged' });
    expect(evaluateStopRules(state({ passes: [], convergence: 0.9 }), rules).stop).toBe(false);
  });
  it('soft stop: good enough needs P0 0, P1 <= 2, < 3 new defects twice and aggregate >= 70', () => {
    const good = state({ passes: [rec({ new_defects: 2 }), rec({ new_defects: 0 })], open: { P0: 0, P1: 2, P2: 0, P3: 0 }, aggregateScore: 70 });
    expect(evaluateStopRules(good, rules)).toMatchObject({ kind: 'soft', reason: 'good-enough' });
    expect(evaluateStopRules({ ...good, aggregateScore: 69.9 }, rules).stop).toBe(false);
    expect(evaluateStopRules({ ...good, aggregateScore: null }, rules).stop).toBe(false);
    expect(evaluateStopRules({ ...good, open: { P0: 0, P1: 3, P2: 0, P3: 0 } }, rules).stop).toBe(false);
    expect(evaluateStopRules({ ...good, passes: [rec({ new_defects: 3 }), rec()] }, rules).stop).toBe(false);
    expect(evaluateStopRules({ ...good, passes: [rec()] }, rules).stop).toBe(false);
  });
});
