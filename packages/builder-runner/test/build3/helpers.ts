import { fileURLToPath } from 'node:url';
import { PipelineStateFileSchema, type PipelineStateFile, type TransitionEntry } from '@run4/schemas';
import { seedTransitionsBetween, type Build3Run } from '../../src/index.js';

export const BUILD3_FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The straight path of seed 004 section 5.2 from init to complete. */
export const HAPPY_PATH = [
  'init',
  'architect_running',
  'architect_review',
  'contracts_registering',
  'builders_running',
  'builders_complete',
  'integrating',
  'quality_gate',
  'complete',
] as const;

/**
 * A transition history walking `path`, each step named by the seed trigger
 * between the two states (or `trigger` when the pair is no seed row, to plant
 * an illegal step).
 */
export function historyOf(path: readonly string[], trigger = 'made_up'): TransitionEntry[] {
  return path.slice(1).map((to, i) => {
    const from = path[i]!;
    const row = seedTransitionsBetween(from, to)[0];
    return { from, to, trigger: row?.trigger ?? trigger, timestamp: `2026-01-01T00:00:0${i}.000Z` };
  });
}

/** A valid PIPELINE_STATE.json (seed 003 section 7.2) of a completed run, with `overrides` applied. */
export function pipelineState(overrides: Partial<PipelineStateFile> = {}): PipelineStateFile {
  return PipelineStateFileSchema.parse({
    pipeline_id: 'pipe-1',
    prd_path: 'prd.md',
    config_path: 'config.yaml',
    depth: 'standard',
    current_state: 'complete',
    previous_state: 'quality_gate',
    completed_phases: HAPPY_PATH.slice(0, -1),
    phase_artifacts: { architect_running: { service_map: 'service_map.json' } },
    architect_retries: 0,
    max_architect_retries: 2,
    service_map_path: 'service_map.json',
    contract_registry_path: 'contracts',
    domain_model_path: 'domain_model.json',
    builder_statuses: { 'svc-a': 'built', 'svc-b': 'built' },
    builder_costs: { 'svc-a': 0.25, 'svc-b': 0.5 },
    builder_results: [],
    total_builders: 2,
    successful_builders: 2,
    services_deployed: ['svc-a', 'svc-b'],
    integration_report_path: 'integration.json',
    quality_attempts: 1,
    max_quality_retries: 3,
    last_quality_results: {},
    quality_report_path: 'quality.json',
    total_cost: 1,
    phase_costs: { architect_running: 0.25, builders_running: 0.75 },
    budget_limit: null,
    started_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:01:00.000Z',
    interrupted: false,
    interrupt_reason: '',
    schema_version: 1,
    transition_history: historyOf(HAPPY_PATH),
    ...overrides,
  });
}

/** What runBuild3 would report for a run that ended in `final_state`, with `overrides` applied. */
export function build3Run(overrides: Partial<Build3Run> = {}): Build3Run {
  return {
    argv: ['build3', 'run', '--prd', 'prd.md'],
    exit_code: 0,
    signal: null,
    timed_out: false,
    aborted: false,
    interrupted: null,
    duration_ms: 1234,
    observed_states: ['init', 'builders_running', 'complete'],
    final_state: pipelineState(),
    state_error: null,
    leftover_groups: [],
    stdout_file: '/tmp/build3-stdout.log',
    stderr_file: '/tmp/build3-stderr.log',
    stderr_tail: '',
    ...overrides,
  };
}
