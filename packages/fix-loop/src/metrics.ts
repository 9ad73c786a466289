import { z } from 'zod';

/**
 * A `fix_passes` item of seed 001 section 7.1 plus the R4-M5-004 metrics
 * the seed names but does not store: regression rate, new defects, score
 * delta and the convergence after the pass.
 */
export const FixPassRecordSchema = z.object({
  pass_number: z.number().int().min(1),
  targeted: z.number().int().min(0),
  resolved: z.number().int().min(0),
  failed: z.number().int().min(0),
  regressions: z.number().int().min(0),
  effectiveness: z.number().min(0).max(1),
  regression_rate: z.number().min(0),
  new_defects: z.number().int().min(0),
  /** Omitted when no score function was given (RUN4_STATE.json's fix_passes hold numbers only). */
  score_before: z.number().optional(),
  score_after: z.number().optional(),
  score_delta: z.number().optional(),
  cost: z.number().min(0),
  convergence: z.number().min(0).max(1),
  open_after: z.object({ P0: z.number().int(), P1: z.number().int(), P2: z.number().int(), P3: z.number().int() }),
  duration_ms: z.number().min(0),
});
export type FixPassRecord = z.infer<typeof FixPassRecordSchema>;

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
