import { z } from 'zod';
import { round2 } from './category.js';
import type { DarkCornerResult } from './dark-corners.js';
import { trafficLight, TrafficLightSchema } from './traffic-light.js';

/** Weights of seed 001 section 6.3. */
export const AGGREGATE_WEIGHTS = { build1: 0.3, build2: 0.25, build3: 0.25, integration: 0.2 } as const;

/** Cap applied while a required dark corner is not verified (seed 001 section 9.3). */
export const DARK_CORNER_CAP = 85;

export const AggregateScoreSchema = z.object({
  /** The aggregate after the cap; null when every component is UNTESTED. */
  score: z.number().nullable(),
  /** The aggregate before the cap. */
  uncapped: z.number().nullable(),
  capped: z.boolean(),
  capReason: z.string().optional(),
  light: TrafficLightSchema,
  /** Components that were UNTESTED and contributed 0. */
  untested: z.array(z.string()),
});
export type AggregateScore = z.infer<typeof AggregateScoreSchema>;

/**
 * `aggregate = build1*0.30 + build2*0.25 + build3*0.25 + integration*0.20`;
 * an UNTESTED (null) component contributes 0 and is listed; the aggregate
 * is null only when all four are. While any required dark corner has not
 * PASSed (UNTESTED, only WARN, or FAIL) the aggregate is capped at 85: a
 * caveated dark corner is not a tested one.
 *
 * @example
 * aggregateScore({ build1: 90, build2: 80, build3: 70, integration: 60 }, []).score; // 76.5
 */
export function aggregateScore(
  parts: { build1: number | null; build2: number | null; build3: number | null; integration: number | null },
  darkCorners: readonly DarkCornerResult[],
): AggregateScore {
  const keys = Object.keys(AGGREGATE_WEIGHTS) as (keyof typeof AGGREGATE_WEIGHTS)[];
  const untested = keys.filter((k) => parts[k] === null);
  if (untested.length === keys.length) return { score: null, uncapped: null, capped: false, light: 'UNTESTED', untested };
  const uncapped = round2(keys.reduce((sum, k) => sum + (parts[k] ?? 0) * AGGREGATE_WEIGHTS[k], 0));
  const missing = darkCorners.filter((d) => d.required && d.status !== 'PASS').map((d) => `${d.id} ${d.status}`);
  const capped = missing.length > 0 && uncapped > DARK_CORNER_CAP;
  const score = missing.length > 0 ? Math.min(uncapped, DARK_CORNER_CAP) : uncapped;
  return {
    score,
    uncapped,
    capped,
    ...(missing.length > 0 ? { capReason: `dark corners not verified (${missing.join(', ')}): the aggregate cannot exceed ${DARK_CORNER_CAP}` } : {}),
    light: trafficLight(score),
    untested,
  };
}
