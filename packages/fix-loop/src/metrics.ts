import type { FixPassRecord } from '@run4/schemas';

// The fix_passes item's schema lives in @run4/schemas (one schema per shape); re-exported here.
export { FixPassRecordSchema } from '@run4/schemas';
export type { FixPassRecord } from '@run4/schemas';

export interface PassMetricsInput {
  passNumber: number;
  targeted: number;
  resolved: number;
  regressions: number;
  newDefects: number;
  scoreBefore: number | null;
  scoreAfter: number | null;
  cost: number;
  convergence: number;
  openAfter: FixPassRecord['open_after'];
  durationMs: number;
}

/**
 * Per-pass metrics of R4-M5-004:
 * - effectiveness = (resolved − regressions) / targeted, floored at 0
 *   (R4-M5-006: "regressions count against fix effectiveness");
 * - regression rate = regressions / targeted (new violations after the fix
 *   per fix applied);
 * - new defects = findings first seen in this pass's re-scan;
 * - score delta = score after − score before (the three score fields are
 *   left out when no score was computed).
 * A pass that targeted nothing has effectiveness 0 and regression rate 0.
 *
 * @example
 * passMetrics({ passNumber: 1, targeted: 4, resolved: 3, regressions: 1, newDefects: 1, scoreBefore: 60,
 *   scoreAfter: 72, cost: 0, convergence: 0.7, openAfter: { P0: 0, P1: 1, P2: 0, P3: 0 }, durationMs: 10 }).effectiveness; // 0.5
 */
export function passMetrics(input: PassMetricsInput): FixPassRecord {
  const t = input.targeted;
  return {
    pass_number: input.passNumber,
    targeted: t,
    resolved: input.resolved,
    failed: Math.max(0, t - input.resolved),
    regressions: input.regressions,
    effectiveness: t === 0 ? 0 : Math.max(0, input.resolved - input.regressions) / t,
    regression_rate: t === 0 ? 0 : input.regressions / t,
    new_defects: input.newDefects,
    ...(input.scoreBefore === null ? {} : { score_before: input.scoreBefore }),
    ...(input.scoreAfter === null ? {} : { score_after: input.scoreAfter }),
    ...(input.scoreBefore === null || input.scoreAfter === null ? {} : { score_delta: input.scoreAfter - input.scoreBefore }),
    cost: input.cost,
    convergence: input.convergence,
    open_after: input.openAfter,
    duration_ms: input.durationMs,
  };
}
