import { z } from 'zod';
import type { FixPassRecord } from './metrics.js';

/** Thresholds of R4-M5-005 (defaults = the seed's; max_fix_passes etc. mirror Run4Config). */
export const StopRuleOptionsSchema = z.object({
  maxFixPasses: z.number().int().min(0).default(5),
  /** Budget in USD; null = no budget. */
  budgetLimit: z.number().positive().nullable().default(null),
  effectivenessFloor: z.number().min(0).max(1).default(0.3),
  regressionRateCeiling: z.number().min(0).default(0.25),
  convergenceThreshold: z.number().min(0).max(1).default(0.85),
  softMaxP1: z.number().int().min(0).default(2),
  softNewDefectsBelow: z.number().int().min(0).default(3),
  softMinAggregate: z.number().min(0).max(100).default(70),
});
export type StopRuleOptions = z.infer<typeof StopRuleOptionsSchema>;
export type StopRuleOptionsInput = z.input<typeof StopRuleOptionsSchema>;

export type StopReason =
  | 'zero-p0-p1'
  | 'max-passes'
  | 'budget-exhausted'
  | 'effectiveness-floor'
  | 'regression-ceiling'
  | 'nothing-targetable'
  | 'converged'
  | 'good-enough';

export interface StopDecision {
  stop: boolean;
  kind: 'hard' | 'soft' | null;
  reason: StopReason | null;
  detail: string;
}

/** The state the stop rules read. */
export interface LoopState {
  passes: readonly FixPassRecord[];
  open: { P0: number; P1: number; P2: number; P3: number };
  totalCost: number;
  convergence: number;
  /** Aggregate score of the last scan, null when no scorer was given. */
  aggregateScore: number | null;
  /** Open P0/P1 findings the next pass could hand to a builder (P2 alone does not start a pass while P0/P1 wait for their owners). */
  targetable: number;
}

const KEEP_GOING: StopDecision = { stop: false, kind: null, reason: null, detail: 'no stop rule applies' };
const hard = (reason: StopReason, detail: string): StopDecision => ({ stop: true, kind: 'hard', reason, detail });
const soft = (reason: StopReason, detail: string): StopDecision => ({ stop: true, kind: 'soft', reason, detail });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Decide whether the loop stops before the next pass (R4-M5-005). Hard
 * stops, any one: P0 = 0 and P1 = 0; `maxFixPasses` reached; budget
 * exhausted; effectiveness below the floor for the last 2 passes;
 * regression rate above the ceiling for the last 2 passes; and, Run 4's
 * own, no open P0/P1 left that a builder could be given. Soft stops: convergence ≥
 * the threshold (seed section 5.3), or "good enough" — P0 = 0, P1 ≤ 2, new
 * defects < 3 in each of the last 2 passes and aggregate score ≥ 70 (never
 * declared without a score).
 *
 * @example
 * evaluateStopRules(state, StopRuleOptionsSchema.parse({ maxFixPasses: 3 })).reason; // 'max-passes'
 */
export function evaluateStopRules(state: LoopState, options: StopRuleOptions): StopDecision {
  const { passes, open } = state;
  const last2 = passes.slice(-2);
  if (open.P0 === 0 && open.P1 === 0) return hard('zero-p0-p1', `no open P0 or P1 findings (P2 ${open.P2}, P3 ${open.P3})`);
  if (passes.length >= options.maxFixPasses) return hard('max-passes', `max_fix_passes ${options.maxFixPasses} reached`);
  if (options.budgetLimit !== null && state.totalCost >= options.budgetLimit) {
    return hard('budget-exhausted', `spent $${state.totalCost.toFixed(2)} of budget $${options.budgetLimit.toFixed(2)}`);
  }
  if (last2.length === 2 && last2.every((p) => p.effectiveness < options.effectivenessFloor)) {
    return hard('effectiveness-floor', `fix effectiveness ${last2.map((p) => pct(p.effectiveness)).join(', ')} below ${pct(options.effectivenessFloor)} for 2 consecutive passes`);
  }
  if (last2.length === 2 && last2.every((p) => p.regression_rate > options.regressionRateCeiling)) {
    return hard('regression-ceiling', `regression rate ${last2.map((p) => pct(p.regression_rate)).join(', ')} above ${pct(options.regressionRateCeiling)} for 2 consecutive passes`);
  }
  if (passes.length > 0 && state.convergence >= options.convergenceThreshold) {
    return soft('converged', `convergence ${state.convergence.toFixed(3)} >= ${options.convergenceThreshold}`);
  }
  if (
    open.P0 === 0 &&
    open.P1 <= options.softMaxP1 &&
    last2.length === 2 &&
    last2.every((p) => p.new_defects < options.softNewDefectsBelow) &&
    state.aggregateScore !== null &&
    state.aggregateScore >= options.softMinAggregate
  ) {
    return soft(
      'good-enough',
      `P0 0, P1 ${open.P1} <= ${options.softMaxP1}, new defects ${last2.map((p) => p.new_defects).join(', ')} < ${options.softNewDefectsBelow}, aggregate ${state.aggregateScore.toFixed(1)} >= ${options.softMinAggregate}`,
    );
  }
  if (state.targetable === 0) return hard('nothing-targetable', `open P0 ${open.P0} / P1 ${open.P1} but none is one a builder can be given: they stay OPEN for their owner systems`);
  return KEEP_GOING;
}
