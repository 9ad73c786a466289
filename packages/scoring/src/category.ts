import { z } from 'zod';
import { describeCounts, type CheckCounts } from './check-stats.js';

/** One scored category of a rubric: its points, or UNTESTED (0 points, said plainly). */
export const CategoryScoreSchema = z.object({
  name: z.string(),
  /** Maximum points of the category (its weight out of 100). */
  weight: z.number(),
  status: z.enum(['SCORED', 'UNTESTED']),
  /** The metric the formula reads (a rate 0..1, a density, a count); null when untested. */
  metric: z.number().nullable(),
  points: z.number(),
  evidence: z.string(),
});
export type CategoryScore = z.infer<typeof CategoryScoreSchema>;

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A linear category: `rate * weight`, UNTESTED when nothing was counted. */
export function linearCategory(name: string, weight: number, passed: number, total: number, what: string): CategoryScore {
  if (total === 0) return { name, weight, status: 'UNTESTED', metric: null, points: 0, evidence: `no ${what} ran` };
  const rate = passed / total;
  return { name, weight, status: 'SCORED', metric: rate, points: rate * weight, evidence: `${passed}/${total} ${what} passed` };
}

/**
 * A category rated by check records (plus report figures folded into the
 * counts): `passed / total * weight`, where only PASS is passed and WARN and
 * SKIP stay in the total; UNTESTED when no check ran.
 *
 * @example
 * checkCategory('Test Health', 20, countChecks(checks, isB1), 'B1-* checks').points;
 */
export function checkCategory(name: string, weight: number, counts: CheckCounts, what: string): CategoryScore {
  if (counts.ran === 0) {
    return untested(name, weight, counts.total ? `no ${what} ran (${counts.skipped} SKIP)` : `no ${what} ran`);
  }
  const rate = counts.passed / counts.total;
  return { name, weight, status: 'SCORED', metric: rate, points: rate * weight, evidence: describeCounts(counts, what) };
}

export function untested(name: string, weight: number, why: string): CategoryScore {
  return { name, weight, status: 'UNTESTED', metric: null, points: 0, evidence: why };
}

/** Sum of points, or null when every category is UNTESTED. */
export function totalOf(categories: readonly CategoryScore[]): number | null {
  if (categories.every((c) => c.status === 'UNTESTED')) return null;
  return round2(categories.reduce((sum, c) => sum + c.points, 0));
}
