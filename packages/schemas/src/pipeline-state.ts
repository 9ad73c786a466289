import { z } from 'zod';

/** The 11 states of a Build 3 super orchestrator (seed 004 section 5.1), in pipeline order. */
export const SEED_PIPELINE_STATES = [
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

/** A state name of seed 004 section 5.1. */
export const SeedPipelineStateNameSchema = z.enum(SEED_PIPELINE_STATES);
export type SeedPipelineStateName = z.infer<typeof SeedPipelineStateNameSchema>;

/**
 * One entry of a transition history, when the orchestrator keeps one (the
 * seed does not require it; Run 4 judges transitions from it when present).
 */
export const TransitionEntrySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    trigger: z.string().optional(),
    timestamp: z.string().optional(),
  })
  .loose();
export type TransitionEntry = z.infer<typeof TransitionEntrySchema>;

/**
 * PIPELINE_STATE.json as Run 4 reads it from any Build 3: the fields of
 * seed 003 section 7.2 with the seed's names and types. Unknown fields are
 * kept (an orchestrator may add its own); `transition_history` is read when
 * present.
 *
 * @example
 * const state = PipelineStateFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
 * state.current_state; // 'builders_running'
 */
export const PipelineStateFileSchema = z
  .object({
    pipeline_id: z.string().min(1),
    prd_path: z.string(),
    config_path: z.string(),
    depth: z.string(),
    current_state: SeedPipelineStateNameSchema,
    previous_state: z.union([SeedPipelineStateNameSchema, z.literal('')]),
    completed_phases: z.array(z.string()),
    phase_artifacts: z.record(z.string(), z.record(z.string(), z.string())),
    architect_retries: z.number().int().min(0),
    max_architect_retries: z.number().int().min(0),
    service_map_path: z.string(),
    contract_registry_path: z.string(),
    domain_model_path: z.string(),
    builder_statuses: z.record(z.string(), z.string()),
    builder_costs: z.record(z.string(), z.number()),
    builder_results: z.array(z.record(z.string(), z.unknown())),
    total_builders: z.number().int().min(0),
    successful_builders: z.number().int().min(0),
    services_deployed: z.array(z.string()),
    integration_report_path: z.string(),
    quality_attempts: z.number().int().min(0),
    max_quality_retries: z.number().int().min(0),
    last_quality_results: z.record(z.string(), z.unknown()),
    quality_report_path: z.string(),
    total_cost: z.number().min(0),
    phase_costs: z.record(z.string(), z.number()),
    budget_limit: z.number().positive().nullable(),
    started_at: z.string(),
    updated_at: z.string(),
    interrupted: z.boolean(),
    interrupt_reason: z.string(),
    schema_version: z.number().int(),
    transition_history: z.array(TransitionEntrySchema).optional(),
  })
  .loose();
export type PipelineStateFile = z.infer<typeof PipelineStateFileSchema>;
