import type { CheckRecord } from '@run4/checks';
import type { StackProfile } from '@run4/schemas';
import type { Run4Config } from '../config/index.js';
import type { StateStore } from '../state/index.js';
import type { Progress } from '../ui/progress.js';
import type { CleanupRegistry } from './cleanup.js';

/** Options a run passes down to milestones. */
export interface RunOptions {
  /** Deploy backend override (`--backend`). */
  backend?: 'auto' | 'docker' | 'process';
  /** Scan codes to plant in the reference builds (`--plant`). */
  plant?: string[];
  /** Continue an interrupted milestone from its last checkpoint (`run4 resume`) instead of starting it over. */
  resume?: boolean;
}

/** Everything a milestone needs; milestones talk to each other only through files under outputDir. */
export interface MilestoneContext {
  config: Run4Config;
  /** The stack under test (config `stack_profile`; paths absolute). Code reads stack specifics here, never from literals. */
  profile: StackProfile;
  store: StateStore;
  outputDir: string;
  installRoot: string;
  progress: Progress;
  signal: AbortSignal;
  cleanup: CleanupRegistry;
  options: RunOptions;
}

export interface MilestoneResult {
  milestone: number;
  status: 'PASS' | 'FAIL';
  checks: CheckRecord[];
  /** Artifact files written (name → absolute path). */
  artifacts: Record<string, string>;
  /** One-line outcome for the progress display. */
  message: string;
  /** What the milestone spent (builder `total_cost`s), recorded in `phase_costs` (R4-M6-009, B3-10). */
  cost?: number;
}

/** A milestone: `(ctx) => MilestoneResult`, shared by `run4 run` and the Nx targets m1..m6. */
export type Milestone = (ctx: MilestoneContext) => Promise<MilestoneResult>;

/**
 * Status of a milestone from its checks: FAIL when any check failed.
 *
 * @example
 * milestoneStatus([check('a', 'A', 'PASS', 'ok')]); // 'PASS'
 */
export function milestoneStatus(checks: readonly CheckRecord[]): 'PASS' | 'FAIL' {
  return checks.some((c) => c.status === 'FAIL') ? 'FAIL' : 'PASS';
}
