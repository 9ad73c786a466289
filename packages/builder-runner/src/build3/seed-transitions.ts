import type { SeedPipelineStateName } from '@run4/schemas';

/** One row of seed 004 section 5.2's transition table. `source: '*'` is any non-terminal state. */
export interface SeedTransition {
  readonly trigger: string;
  readonly source: SeedPipelineStateName | '*';
  readonly dest: SeedPipelineStateName;
}

/**
 * The 13 transitions of seed 004 section 5.2: what Run 4 holds any Build 3's
 * state history against (Run 4's own reading of the seed, never the
 * orchestrator's table).
 */
export const SEED_TRANSITIONS: readonly SeedTransition[] = [
  { trigger: 'start_architect', source: 'init', dest: 'architect_running' },
  { trigger: 'architect_done', source: 'architect_running', dest: 'architect_review' },
  { trigger: 'approve_architecture', source: 'architect_review', dest: 'contracts_registering' },
  { trigger: 'reject_architecture', source: 'architect_review', dest: 'architect_running' },
  { trigger: 'contracts_ready', source: 'contracts_registering', dest: 'builders_running' },
  { trigger: 'builders_done', source: 'builders_running', dest: 'builders_complete' },
  { trigger: 'start_integration', source: 'builders_complete', dest: 'integrating' },
  { trigger: 'integration_done', source: 'integrating', dest: 'quality_gate' },
  { trigger: 'quality_passed', source: 'quality_gate', dest: 'complete' },
  { trigger: 'quality_failed', source: 'quality_gate', dest: 'fix_pass' },
  { trigger: 'fix_done', source: 'fix_pass', dest: 'quality_gate' },
  { trigger: 'fail', source: '*', dest: 'failed' },
  { trigger: 'retry_quality', source: 'failed', dest: 'quality_gate' },
];

const TERMINAL = new Set(['complete', 'failed']);

/** Whether row `t` can fire from `state` (`*` is any non-terminal state). */
const leaves = (t: SeedTransition, state: string) => t.source === state || (t.source === '*' && !TERMINAL.has(state));

/**
 * The seed rows that lead from `from` to `to` (by `trigger` when given).
 *
 * @example
 * seedTransitionsBetween('architect_running', 'contracts_registering'); // [] (skips architect_review)
 */
export function seedTransitionsBetween(from: string, to: string, trigger?: string): SeedTransition[] {
  return SEED_TRANSITIONS.filter((t) => leaves(t, from) && t.dest === to && (trigger === undefined || t.trigger === trigger));
}

/**
 * Whether `to` can be reached from `from` through seed transitions (for
 * states seen by polling, where intermediate states may have been missed).
 *
 * @example
 * seedReachable('init', 'builders_running'); // true
 * seedReachable('complete', 'init'); // false
 */
export function seedReachable(from: string, to: string): boolean {
  if (from === to) return true;
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const t of SEED_TRANSITIONS) {
      if (!leaves(t, at)) continue;
      if (t.dest === to) return true;
      if (!seen.has(t.dest)) {
        seen.add(t.dest);
        queue.push(t.dest);
      }
    }
  }
  return false;
}
