import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DefectCatalogItemSchema, FixPassItemSchema, HealthResultSchema, McpToolResultSchema } from '@run4/schemas';

/** The `schema_version` this Run 4 writes and reads; a higher one is refused, never reinterpreted. */
export const STATE_SCHEMA_VERSION = 1;

/**
 * How the run was started (`run_options`, an additive field): `resume`
 * continues with the same backend, planted codes and config file.
 */
export const RunOptionsRecordSchema = z.looseObject({
  backend: z.enum(['auto', 'docker', 'process']).optional(),
  plant: z.array(z.string()).optional(),
  /** Absolute path of the config file, or null for the built-in defaults. */
  config_path: z.string().nullable().optional(),
});
export type RunOptionsRecord = z.infer<typeof RunOptionsRecordSchema>;

/**
 * RUN4_STATE.json (seed 001 section 7.1), field for field, plus the
 * `interrupted` flag of section 7.2. Unknown fields are kept, not dropped.
 */
export const Run4StateSchema = z.looseObject({
  run_id: z.uuid(),
  schema_version: z.literal(STATE_SCHEMA_VERSION),
  started_at: z.iso.datetime({ offset: true }).or(z.literal('')).default(''),
  updated_at: z.iso.datetime({ offset: true }).or(z.literal('')).default(''),
  current_milestone: z.number().int().min(0).max(6),
  current_phase: z.string(),
  completed_milestones: z.array(z.number().int()).default([]),
  milestone_artifacts: z.record(z.string(), z.unknown()).default({}),
  // M2
  mcp_health: z.record(z.string(), HealthResultSchema).default({}),
  mcp_tool_results: z.record(z.string(), McpToolResultSchema).default({}),
  b1_b2_wiring_passed: z.boolean().default(false),
  // M3
  builder_invocation_passed: z.boolean().default(false),
  state_json_parsing_passed: z.boolean().default(false),
  config_generation_passed: z.boolean().default(false),
  b2_b3_wiring_passed: z.boolean().default(false),
  // M4
  pipeline_completed: z.boolean().default(false),
  services_deployed: z.array(z.string()).default([]),
  services_healthy: z.array(z.string()).default([]),
  integration_report: z.record(z.string(), z.unknown()).default({}),
  quality_gate_report: z.record(z.string(), z.unknown()).default({}),
  // M5
  defect_catalog: z.array(DefectCatalogItemSchema).default([]),
  fix_passes: z.array(FixPassItemSchema).default([]),
  total_fix_passes: z.number().int().default(0),
  convergence_score: z.number().default(0),
  // M6
  audit_report_path: z.string().default(''),
  per_system_scores: z.record(z.string(), z.number()).default({}),
  integration_score: z.number().default(0),
  aggregate_score: z.number().default(0),
  // Cost
  total_cost: z.number().default(0),
  phase_costs: z.record(z.string(), z.number()).default({}),
  // Section 7.2: emergency save on SIGINT/SIGTERM
  interrupted: z.boolean().default(false),
  // Additive: how the run was started, for `resume`
  run_options: RunOptionsRecordSchema.optional(),
});

export type Run4State = z.infer<typeof Run4StateSchema>;

/**
 * A fresh state: new run id, milestone 0, phase "not_started".
 *
 * @example
 * const state = newState(); state.current_phase; // 'not_started'
 */
export function newState(now: Date = new Date()): Run4State {
  const iso = now.toISOString();
  return Run4StateSchema.parse({
    run_id: randomUUID(),
    schema_version: STATE_SCHEMA_VERSION,
    started_at: iso,
    updated_at: iso,
    current_milestone: 0,
    current_phase: 'not_started',
  });
}
