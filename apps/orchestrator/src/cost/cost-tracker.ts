import { type CostTrackerData, CostTrackerSchema, type PhaseCost } from '../state/pipeline-state.js';

/** Budget share at which `checkBudget` starts warning (seed 004 risk 6: "warning at 80%"). */
export const BUDGET_WARNING_RATIO = 0.8;

/** Result of {@link PipelineCostTracker.checkBudget}: seed `check_budget() -> (bool, str)`. */
export interface BudgetCheck {
  ok: boolean;
  message: string;
  warning: boolean;
}

/**
 * Seed 004 section 3.6 `PipelineCostTracker`: cost per phase (with
 * sub-phases, e.g. one per builder) against an optional `budget_limit`.
 *
 * @example
 * const tracker = new PipelineCostTracker({ phases: {}, budget_limit: 10 });
 * tracker.addPhaseCost('builders_running', 4, 'auth-service');
 * tracker.totalCost; // 4
 * tracker.checkBudget().ok; // true
 */
export class PipelineCostTracker {
  readonly phases: Record<string, PhaseCost>;
  readonly budgetLimit: number | null;

  constructor(data: CostTrackerData = { phases: {}, budget_limit: null }) {
    const parsed = CostTrackerSchema.parse(data);
    this.phases = structuredClone(parsed.phases);
    this.budgetLimit = parsed.budget_limit;
  }

  /** Sum of every phase's cost. */
  get totalCost(): number {
    return Object.values(this.phases).reduce((sum, p) => sum + p.cost_usd, 0);
  }

  /** Mark a phase as started (keeps the cost it already has, e.g. on resume). */
  startPhase(phase: string): void {
    const now = new Date().toISOString();
    const existing = this.phases[phase];
    if (existing) existing.start_time = existing.start_time || now;
    else this.phases[phase] = { phase_name: phase, cost_usd: 0, start_time: now, end_time: '', sub_phases: {} };
  }

  /** Mark a phase as ended. */
  endPhase(phase: string): void {
    this.startPhase(phase);
    (this.phases[phase] as PhaseCost).end_time = new Date().toISOString();
  }

  /**
   * Add `cost` (USD, ≥ 0) to a phase, and to `subPhase` within it when given.
   * A negative or non-finite cost is ignored as not a cost.
   */
  addPhaseCost(phase: string, cost: number, subPhase?: string): void {
    if (!Number.isFinite(cost) || cost < 0) return;
    this.startPhase(phase);
    const p = this.phases[phase] as PhaseCost;
    p.cost_usd += cost;
    if (subPhase) p.sub_phases[subPhase] = (p.sub_phases[subPhase] ?? 0) + cost;
  }

  /** Cost per phase name (PIPELINE_STATE.json `phase_costs`). */
  phaseCosts(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.phases).map(([k, v]) => [k, v.cost_usd]));
  }

  /**
   * `ok` is false once the total reaches `budget_limit` (spent); `warning`
   * from 80 % of it. Always ok without a limit.
   */
  checkBudget(): BudgetCheck {
    const total = this.totalCost;
    if (this.budgetLimit === null) return { ok: true, warning: false, message: `$${total.toFixed(2)} spent, no budget_limit` };
    const ratio = total / this.budgetLimit;
    if (ratio >= 1) return { ok: false, warning: true, message: `budget exceeded: $${total.toFixed(2)} spent of the $${this.budgetLimit.toFixed(2)} budget_limit` };
    return {
      ok: true,
      warning: ratio >= BUDGET_WARNING_RATIO,
      message: `$${total.toFixed(2)} of $${this.budgetLimit.toFixed(2)} spent (${Math.round(ratio * 100)}%)`,
    };
  }

  /** The seed 003 section 7.3 JSON. */
  toDict(): CostTrackerData {
    return { phases: structuredClone(this.phases), budget_limit: this.budgetLimit };
  }
}
