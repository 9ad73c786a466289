import { z } from 'zod';

/** The 11 states of seed 004 section 5.1, in pipeline order. */
export const PIPELINE_STATES = [
  'init',
  'architect_running',
  'architect_review',
  'contracts_registering',
  'builders_running',
  'builders_complete',
  'integrating',
  'quality_gate',
  'fix_pass',
  'complete',
  'failed',
] as const;
export const PipelineStateNameSchema = z.enum(PIPELINE_STATES);
export type PipelineStateName = z.infer<typeof PipelineStateNameSchema>;

/** Seed 004 section 5.1 state types. */
export const STATE_TYPES: Readonly<Record<PipelineStateName, 'initial' | 'active' | 'decision' | 'checkpoint' | 'terminal'>> = {
  init: 'initial',
  architect_running: 'active',
  architect_review: 'decision',
  contracts_registering: 'active',
  builders_running: 'active',
  builders_complete: 'checkpoint',
  integrating: 'active',
  quality_gate: 'active',
  fix_pass: 'active',
  complete: 'terminal',
  failed: 'terminal',
};

/** The terminal states (`complete`, `failed`). */
export const TERMINAL_STATES: readonly PipelineStateName[] = ['complete', 'failed'];

/**
 * True for `complete` and `failed`.
 *
 * @example
 * isTerminal('failed'); // true
 */
export function isTerminal(state: string): boolean {
  return (TERMINAL_STATES as readonly string[]).includes(state);
}

/** The guard conditions of seed 004 section 5.3. */
export const GUARD_NAMES = [
  'has_valid_prd',
  'has_valid_config',
  'architect_outputs_exist',
  'review_approved',
  'retries_remaining',
  'contracts_valid',
  'at_least_one_builder_succeeded',
  'integration_report_exists',
  'all_layers_passed',
  'fix_retries_remaining',
  'is_not_terminal',
  'manual_retry_requested',
] as const;
export type GuardName = (typeof GUARD_NAMES)[number];

/** One row of the transition table. `source: '*'` means any state. */
export interface TransitionDef {
  readonly trigger: string;
  readonly source: PipelineStateName | '*';
  readonly dest: PipelineStateName;
  readonly conditions: readonly GuardName[];
  /** The seed's `after` callback: the phase work launched once the transition is made. */
  readonly after?: string;
}

/** The 13 transitions of seed 004 section 5.2 (and 3.4), with their guards. */
export const TRANSITIONS: readonly TransitionDef[] = [
  { trigger: 'start_architect', source: 'init', dest: 'architect_running', conditions: ['has_valid_prd', 'has_valid_config'], after: 'launch_architect_phase' },
  { trigger: 'architect_done', source: 'architect_running', dest: 'architect_review', conditions: ['architect_outputs_exist'] },
  { trigger: 'approve_architecture', source: 'architect_review', dest: 'contracts_registering', conditions: ['review_approved'], after: 'register_contracts' },
  { trigger: 'reject_architecture', source: 'architect_review', dest: 'architect_running', conditions: ['retries_remaining'], after: 'increment_architect_retries' },
  { trigger: 'contracts_ready', source: 'contracts_registering', dest: 'builders_running', conditions: ['contracts_valid'], after: 'launch_builders' },
  { trigger: 'builders_done', source: 'builders_running', dest: 'builders_complete', conditions: ['at_least_one_builder_succeeded'] },
  { trigger: 'start_integration', source: 'builders_complete', dest: 'integrating', conditions: [], after: 'launch_integration_phase' },
  { trigger: 'integration_done', source: 'integrating', dest: 'quality_gate', conditions: ['integration_report_exists'], after: 'launch_quality_gate' },
  { trigger: 'quality_passed', source: 'quality_gate', dest: 'complete', conditions: ['all_layers_passed'] },
  { trigger: 'quality_failed', source: 'quality_gate', dest: 'fix_pass', conditions: ['fix_retries_remaining'], after: 'launch_fix_pass' },
  { trigger: 'fix_done', source: 'fix_pass', dest: 'quality_gate', conditions: [], after: 'launch_quality_gate' },
  { trigger: 'fail', source: '*', dest: 'failed', conditions: ['is_not_terminal'] },
  { trigger: 'retry_quality', source: 'failed', dest: 'quality_gate', conditions: ['manual_retry_requested'] },
];

/** Trigger names, in table order. */
export const TRIGGERS = TRANSITIONS.map((t) => t.trigger);

/**
 * Seed 004 section 5.4: the trigger `resume` continues with from each saved
 * state. For `architect_running` and `integrating` it names the trigger whose
 * phase is relaunched (the state was entered but its work not finished); for
 * the others it is the next trigger fired once the state's work is done.
 */
export const RESUME_TRIGGERS: Readonly<Partial<Record<PipelineStateName, string>>> = {
  init: 'start_architect',
  architect_running: 'start_architect',
  architect_review: 'approve_architecture',
  contracts_registering: 'contracts_ready',
  builders_running: 'builders_done',
  builders_complete: 'start_integration',
  integrating: 'start_integration',
  quality_gate: 'quality_passed',
  fix_pass: 'fix_done',
};
