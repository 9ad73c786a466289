import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PipelineStateNameSchema } from '../state-machine/states.js';

/** Seed 003 section 7.3 `PhaseCost`. */
export const PhaseCostSchema = z.object({
  phase_name: z.string(),
  cost_usd: z.number().min(0),
  start_time: z.string(),
  end_time: z.string(),
  sub_phases: z.record(z.string(), z.number().min(0)),
});
export type PhaseCost = z.infer<typeof PhaseCostSchema>;

/** Seed 003 section 7.3 `PipelineCostTracker` as JSON. */
export const CostTrackerSchema = z.object({
  phases: z.record(z.string(), PhaseCostSchema),
  budget_limit: z.number().positive().nullable(),
});
export type CostTrackerData = z.infer<typeof CostTrackerSchema>;

/** One transition in the history. */
export const TransitionRecordSchema = z.object({
  from: PipelineStateNameSchema,
  to: PipelineStateNameSchema,
  trigger: z.string(),
  timestamp: z.string(),
});

/** A service of the plan: where its builder works. */
export const PlannedServiceSchema = z.object({
  name: z.string(),
  builder_dir: z.string(),
  openapi: z.string().nullable(),
  asyncapi: z.string().nullable(),
  port: z.number().int(),
});
export type PlannedService = z.infer<typeof PlannedServiceSchema>;

/**
 * PIPELINE_STATE.json: every field of seed 003 section 7.2 with the seed's
 * names, plus what this orchestrator adds for resume and observers
 * (`transition_history`, `cost_tracker`, `services`, `failure_reason`, ...).
 */
export const PipelineStateSchema = z.object({
  pipeline_id: z.string().min(1),
  prd_path: z.string(),
  config_path: z.string(),
  depth: z.string(),
  current_state: PipelineStateNameSchema,
  previous_state: z.union([PipelineStateNameSchema, z.literal('')]),
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
  last_quality_results: z.record(z.string(), z.string()),
  quality_report_path: z.string(),
  total_cost: z.number().min(0),
  phase_costs: z.record(z.string(), z.number()),
  budget_limit: z.number().positive().nullable(),
  started_at: z.string(),
  updated_at: z.string(),
  interrupted: z.boolean(),
  interrupt_reason: z.string(),
  schema_version: z.literal(1),
  // --- additions of this orchestrator ---
  /** Every transition made: from, to, trigger, timestamp. */
  transition_history: z.array(TransitionRecordSchema),
  /** The PipelineCostTracker (seed 003 section 7.3). */
  cost_tracker: CostTrackerSchema,
  /** The services of the approved plan and their builder directories. */
  services: z.array(PlannedServiceSchema),
  /** Contract Engine ids per registered contract (`<service>/<type>`). */
  contract_ids: z.record(z.string(), z.string()),
  /** Outcome of the architect review: approved / rejected / pending. */
  architect_review_verdict: z.enum(['pending', 'approved', 'rejected']),
  architect_review_reasons: z.array(z.string()),
  /** Why the pipeline entered `failed` (budget, phase error, guard), else ''. */
  failure_reason: z.string(),
  /** The trigger `resume` continues with from `current_state` (seed 004 section 5.4). */
  resume_trigger: z.string(),
  /** The directory every artifact lives in (`.super-orchestrator`). */
  state_dir: z.string(),
  /** pid of the orchestrator process that last wrote the file. */
  pid: z.number().int(),
});
export type PipelineState = z.infer<typeof PipelineStateSchema>;

/**
 * A fresh state in `init` (seed 004 section 9.2 `init`: a UUID pipeline id).
 *
 * @example
 * const state = createPipelineState({ prd_path: '/abs/prd.md', config_path: '', depth: 'standard', state_dir: '/abs/.super-orchestrator' });
 */
export function createPipelineState(input: {
  prd_path: string;
  config_path: string;
  depth: string;
  state_dir: string;
  budget_limit?: number | null;
  max_architect_retries?: number;
  max_quality_retries?: number;
}): PipelineState {
  const now = new Date().toISOString();
  return PipelineStateSchema.parse({
    pipeline_id: randomUUID(),
    prd_path: input.prd_path,
    config_path: input.config_path,
    depth: input.depth,
    current_state: 'init',
    previous_state: '',
    completed_phases: [],
    phase_artifacts: {},
    architect_retries: 0,
    max_architect_retries: input.max_architect_retries ?? 2,
    service_map_path: '',
    contract_registry_path: '',
    domain_model_path: '',
    builder_statuses: {},
    builder_costs: {},
    builder_results: [],
    total_builders: 0,
    successful_builders: 0,
    services_deployed: [],
    integration_report_path: '',
    quality_attempts: 0,
    max_quality_retries: input.max_quality_retries ?? 3,
    last_quality_results: {},
    quality_report_path: '',
    total_cost: 0,
    phase_costs: {},
    budget_limit: input.budget_limit ?? null,
    started_at: now,
    updated_at: now,
    interrupted: false,
    interrupt_reason: '',
    schema_version: 1,
    transition_history: [],
    cost_tracker: { phases: {}, budget_limit: input.budget_limit ?? null },
    services: [],
    contract_ids: {},
    architect_review_verdict: 'pending',
    architect_review_reasons: [],
    failure_reason: '',
    resume_trigger: 'start_architect',
    state_dir: input.state_dir,
    pid: process.pid,
  });
}
