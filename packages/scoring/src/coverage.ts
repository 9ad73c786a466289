import { REQUIREMENTS, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { tagStatus } from './check-stats.js';

/** The verification-matrix prefixes of seed 001 section 4 (SC, B1, B2, B3, X). */
export const MATRIX_PREFIXES = ['SC-', 'B1-', 'B2-', 'B3-', 'X-'] as const;

export const CoverageSchema = z.object({
  total_criteria: z.number().int(),
  covered: z.number().int(),
  uncovered: z.array(z.string()),
  coverage_pct: z.number(),
});
export type Coverage = z.infer<typeof CoverageSchema>;

/**
 * `check_coverage` of seed 002 section 7.5 over the verification matrix
 * (SC/B1/B2/B3/X ids of `REQUIREMENTS`): a criterion is covered when its
 * checks ran and all PASSed; uncovered lists the rest (failed, WARN-only or
 * untested: a caveat is not coverage).
 *
 * @example
 * checkCoverage(checks).coverage_pct; // 37.9
 */
export function checkCoverage(checks: readonly CheckRecord[]): Coverage {
  const ids = REQUIREMENTS.map((r) => r.id).filter((id) => MATRIX_PREFIXES.some((p) => id.startsWith(p)));
  const uncovered = ids.filter((id) => tagStatus(checks, [id]).status !== 'PASS');
  const covered = ids.length - uncovered.length;
  return { total_criteria: ids.length, covered, uncovered, coverage_pct: ids.length === 0 ? 0 : (covered / ids.length) * 100 };
}
