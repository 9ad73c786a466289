import type { Run4State } from './state-schema.js';

/** The milestone DAG of seed 000: M2 and M3 both follow M1 and run in parallel. */
export const MILESTONE_DEPENDENCIES: Readonly<Record<number, readonly number[]>> = {
  1: [],
  2: [1],
  3: [1],
  4: [2, 3],
  5: [4],
  6: [5],
};

/**
 * Resume logic of seed 001 section 7.3, generalised to the DAG: the
 * milestones still to run, in order, skipping those already completed. A
 * missing state means a fresh start at M1.
 *
 * @example
 * milestonesToRun({ completed_milestones: [1, 2], current_milestone: 3 } as Run4State); // [3, 4, 5, 6]
 */
export function milestonesToRun(state: Pick<Run4State, 'completed_milestones'> | null): number[] {
  const done = new Set(state?.completed_milestones ?? []);
  return [1, 2, 3, 4, 5, 6].filter((m) => !done.has(m));
}

/**
 * The milestone a resumed run starts from (seed 001 section 7.3): the
 * current one, or the next when the current one is already completed.
 *
 * @example
 * resumeStartMilestone(null); // 1
 */
export function resumeStartMilestone(state: Pick<Run4State, 'completed_milestones' | 'current_milestone'> | null): number {
  if (!state) return 1;
  const start = state.completed_milestones.includes(state.current_milestone) ? state.current_milestone + 1 : Math.max(1, state.current_milestone);
  return Math.min(start, 7);
}
