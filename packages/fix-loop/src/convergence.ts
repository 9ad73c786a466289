/** Open finding counts by priority, as the convergence formula reads them. */
export interface PriorityCounts {
  P0: number;
  P1: number;
  P2: number;
  P3?: number;
}

/** Weights of seed 001 section 5.3. */
export const CONVERGENCE_WEIGHTS = { P0: 0.4, P1: 0.3, P2: 0.1 } as const;

/** Convergence at or above this declares "converged enough" (seed 001 section 5.3). */
export const CONVERGED_ENOUGH = 0.85;

/** `p0 * 0.4 + p1 * 0.3 + p2 * 0.1`. */
export function weightedOpen(counts: PriorityCounts): number {
  return counts.P0 * CONVERGENCE_WEIGHTS.P0 + counts.P1 * CONVERGENCE_WEIGHTS.P1 + counts.P2 * CONVERGENCE_WEIGHTS.P2;
}

/**
 * Seed 001 section 5.3:
 * `convergence = 1.0 - (remaining_p0*0.4 + remaining_p1*0.3 + remaining_p2*0.1) / initial_total_weighted`.
 * With nothing weighted at the start there was nothing to converge: 1.
 * Clamped to [0, 1] (more weight remaining than at the start reads as 0).
 *
 * @example
 * convergenceScore({ P0: 0, P1: 1, P2: 0 }, { P0: 1, P1: 1, P2: 1 }); // 1 - 0.3 / 0.8 = 0.625
 */
export function convergenceScore(remaining: PriorityCounts, initial: PriorityCounts): number {
  const initialWeighted = weightedOpen(initial);
  if (initialWeighted === 0) return 1;
  const value = 1 - weightedOpen(remaining) / initialWeighted;
  return Math.min(1, Math.max(0, value));
}
