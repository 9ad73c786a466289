import { CheckRecordSchema } from '@run4/checks';
import { ScoringInputsSchema } from '@run4/scoring';
import { z } from 'zod';

/** Per-tool latency percentiles in ms, as the probe measures them (extra fields such as n, max, first are ignored). */
export const ToolLatencySchema = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
export type ToolLatency = z.infer<typeof ToolLatencySchema>;

/** One MCP tool's probe results (valid request, error request, parseable response, latency). */
export const ToolProbeResultSchema = z.object({
  server: z.string(),
  tool: z.string(),
  validTested: z.boolean(),
  /** The valid request PASSed (a WARN is not OK: it is listed in `warned`). */
  validOk: z.boolean(),
  errorTested: z.boolean(),
  /** The invalid request PASSed (answered as an error, server alive). */
  errorOk: z.boolean(),
  /** The valid response parsed (and matched its outputSchema where one exists). */
  parseable: z.boolean(),
  /** Parts of the probe that only WARNed (`valid`, `invalid`, `shape`, `output-schema`): tested, not verified. */
  warned: z.array(z.string()).default([]),
  latencyMs: ToolLatencySchema.optional(),
  evidence: z.string().optional(),
});
export type ToolProbeResult = z.infer<typeof ToolProbeResultSchema>;
export type ToolProbeResultInput = z.input<typeof ToolProbeResultSchema>;

/** A `defect_catalog` item (seed 001 section 7.1), as the fix loop writes it. */
export const AuditFindingSchema = z.looseObject({
  finding_id: z.string(),
  priority: z.enum(['P0', 'P1', 'P2', 'P3']),
  system: z.string(),
  component: z.string(),
  evidence: z.string().default(''),
  recommendation: z.string().default(''),
  resolution: z.enum(['', 'FIXED', 'OPEN', 'WONTFIX']).default(''),
  fix_pass_number: z.number().int().default(0),
  fix_verification: z.string().default(''),
  /** `builder`: handed to a generated service's builder; `owner`: no builder can fix it, it stays with its owner `system`. */
  route: z.enum(['builder', 'owner']).optional(),
});
export type AuditFinding = z.infer<typeof AuditFindingSchema>;

/** A `fix_passes` item (seed 001 section 7.1) plus the fix loop's extra metrics. */
export const AuditFixPassSchema = z.looseObject({
  pass_number: z.number().int(),
  targeted: z.number().int(),
  resolved: z.number().int(),
  failed: z.number().int().default(0),
  regressions: z.number().int().default(0),
  effectiveness: z.number(),
  regression_rate: z.number().optional(),
  new_defects: z.number().int().optional(),
  score_before: z.number().nullable().optional(),
  score_after: z.number().nullable().optional(),
  convergence: z.number().optional(),
  cost: z.number().default(0),
});
export type AuditFixPass = z.infer<typeof AuditFixPassSchema>;

/** A scan violation for appendix B. */
export const AuditViolationSchema = z.looseObject({
  code: z.string(),
  severity: z.string(),
  file_path: z.string().default(''),
  line: z.number().int().default(0),
  message: z.string(),
  service: z.string().optional(),
});
export type AuditViolation = z.infer<typeof AuditViolationSchema>;

/** Cost and duration of one milestone (R4-M6-009); null = not recorded. */
export const MilestoneCostSchema = z.object({
  milestone: z.enum(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']),
  cost: z.number().min(0).nullable(),
  durationMs: z.number().min(0).nullable(),
});
export type MilestoneCost = z.infer<typeof MilestoneCostSchema>;

/** Everything `writeAuditReport` reads. */
export const AuditInputsSchema = z.object({
  runId: z.string().default(''),
  generatedAt: z.string().optional(),
  checks: z.array(CheckRecordSchema),
  /** Report figures for scoring (see @run4/scoring). */
  systems: ScoringInputsSchema.shape.systems,
  integration: ScoringInputsSchema.shape.integration,
  /**
   * The probe's per-tool results for the interface coverage matrix; when
   * empty they are derived from the probe's `mcp.<server>.<tool>.*` checks.
   */
  tools: z.array(ToolProbeResultSchema).default([]),
  /**
   * Per-tool latency, `{ server: { tool: {p50, p95, p99} } }` (a tool key may
   * also be `server/tool`, as RUN4_STATE.json's mcp_tool_results keys it).
   * Tools missing here take the latency the probe's `mcp.<server>.latency`
   * check records carry in `data.latency`.
   */
  toolLatency: z.record(z.string(), z.record(z.string(), ToolLatencySchema)).default({}),
  findings: z.array(AuditFindingSchema).default([]),
  fixPasses: z.array(AuditFixPassSchema).default([]),
  /** convergence_score after the last pass. */
  convergence: z.number().min(0).max(1).nullable().default(null),
  /** Why the fix loop stopped. */
  stopReason: z.string().default(''),
  violations: z.array(AuditViolationSchema).default([]),
  costs: z.array(MilestoneCostSchema).default([]),
  /** Requirement id → implementing files, from the caller. */
  implementationMap: z.record(z.string(), z.array(z.string())).default({}),
  /** Repository root scanned for requirement ids (adds implementing files). */
  repoRoot: z.string().optional(),
  /** Which deploy backend ran (docker / process), for the methodology. */
  backend: z.string().default(''),
  /** Known limitations to state in the gap analysis. */
  limitations: z.array(z.string()).default([]),
});
export type AuditInputs = z.infer<typeof AuditInputsSchema>;
export type AuditInputsInput = z.input<typeof AuditInputsSchema>;
