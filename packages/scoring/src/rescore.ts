import type { CheckRecord } from '@run4/checks';
import { computeScores } from './compute-scores.js';
import type { ScoringInputsInput } from './inputs.js';

/** What an aggregate scorer keeps between calls: every scoring input except the check records. */
export type ScorerBase = Omit<ScoringInputsInput, 'checks'>;

/**
 * A score function for the fix loop (seed 001 R4-M5-004 "score delta",
 * R4-M5-005 "aggregate score >= 70"): each call runs `computeScores` on the
 * check records it is given, with the report figures of `base`, and
 * returns the aggregate (section 6.3, dark-corner cap included), or null
 * when every component is UNTESTED. Nothing is cached: call it again after
 * each pass with that pass's records and the delta is real evidence.
 * `withChecks` adds records to every call (e.g. milestones the loop does
 * not re-scan).
 *
 * @example
 * const score = aggregateScorer({ integration: { mcpTools } }, m1Checks);
 * const before = score(m4Checks); // 61.3
 * const after = score(rescanChecks); // 64.9
 */
export function aggregateScorer(base: ScorerBase = {}, withChecks: readonly CheckRecord[] = []): (checks: readonly CheckRecord[]) => number | null {
  return (checks) => computeScores({ ...base, checks: [...withChecks, ...checks] }).aggregate.score;
}
