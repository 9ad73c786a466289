import { describe, expect, it } from 'vitest';
import { PipelineCostTracker } from '../../src/cost/cost-tracker.js';

describe('PipelineCostTracker (seed 004 section 3.6)', () => {
  it('accumulates cost per phase and sub-phase across phases (B3-10)', () => {
    const t = new PipelineCostTracker({ phases: {}, budget_limit: null });
    t.addPhaseCost('architect_running', 1.25);
    t.addPhaseCost('builders_running', 4, 'auth-service');
    t.addPhaseCost('builders_running', 6, 'order-service');
    t.addPhaseCost('fix_pass', 0.75, 'order-service');
    expect(t.totalCost).toBe(12);
    expect(t.phaseCosts()).toEqual({ architect_running: 1.25, builders_running: 10, fix_pass: 0.75 });
    expect(t.toDict().phases.builders_running).toMatchObject({ phase_name: 'builders_running', cost_usd: 10, sub_phases: { 'auth-service': 4, 'order-service': 6 } });
  });

  it('ignores negative and non-finite costs', () => {
    const t = new PipelineCostTracker();
    t.addPhaseCost('x', -3);
    t.addPhaseCost('x', Number.NaN);
    expect(t.totalCost).toBe(0);
  });

  it('checks the budget: ok below, warning from 80 %, not ok once spent', () => {
    const t = new PipelineCostTracker({ phases: {}, budget_limit: 10 });
    expect(t.checkBudget()).toMatchObject({ ok: true, warning: false });
    t.addPhaseCost('builders_running', 8);
    expect(t.checkBudget()).toMatchObject({ ok: true, warning: true });
    t.addPhaseCost('builders_running', 2);
    const spent = t.checkBudget();
    expect(spent.ok).toBe(false);
    expect(spent.message).toBe('budget exceeded: $10.00 spent of the $10.00 budget_limit');
    expect(new PipelineCostTracker({ phases: {}, budget_limit: null }).checkBudget().ok).toBe(true);
  });

  it('keeps start and end times and survives a round trip through its JSON', () => {
    const t = new PipelineCostTracker({ phases: {}, budget_limit: 5 });
    t.startPhase('integrating');
    t.addPhaseCost('integrating', 1);
    t.endPhase('integrating');
    const again = new PipelineCostTracker(JSON.parse(JSON.stringify(t.toDict())));
    expect(again.totalCost).toBe(1);
    expect(again.budgetLimit).toBe(5);
    expect(Date.parse(again.phases.integrating?.end_time ?? '')).not.toBeNaN();
  });
});
