import { CheckRecordSchema } from '@run4/checks';
import { z } from 'zod';

/** A pass count taken from a report (e.g. IntegrationReport contract tests). */
export const PassCountSchema = z
  .object({ passed: z.number().int().min(0), total: z.number().int().min(0) })
  .refine((c) => c.passed <= c.total, { message: 'passed cannot exceed total' });
export type PassCount = z.infer<typeof PassCountSchema>;

/** What the reports say about one system (Build 1, 2 or 3), beyond its check records. */
export const SystemReportSchema = z.object({
  /** Schema/contract validation results from reports (e.g. IntegrationReport contract_tests_passed/total). */
  contract: PassCountSchema.optional(),
  /** Health check results from reports (e.g. compose-kit's health aggregate). */
  health: PassCountSchema.optional(),
  /** Scan violations in the system's code and the size of the code scanned (from the quality gate report). */
  violations: z.object({ count: z.number().int().min(0), loc: z.number().int().positive() }).optional(),
  /** Required documentation artifacts and the ones found (see `artifactPresence`). */
  artifacts: z.object({ required: z.array(z.string()), present: z.array(z.string()) }).optional(),
});
export type SystemReport = z.infer<typeof SystemReportSchema>;

/** One MCP tool's probe outcome (from the probe's per-tool results). */
export const McpToolOutcomeSchema = z.object({
  server: z.string(),
  tool: z.string(),
  /** The valid request returned a non-error, parseable result. */
  ok: z.boolean(),
  /** The invalid request returned isError and the server survived; undefined when not tested. */
  errorOk: z.boolean().optional(),
});
export type McpToolOutcome = z.infer<typeof McpToolOutcomeSchema>;

/** One phase of the M4 pipeline as its report gives it. */
export const PipelinePhaseSchema = z.object({
  name: z.string(),
  status: z.enum(['complete', 'failed', 'skipped', 'pending']),
});

/** Everything `computeScores` reads. */
export const ScoringInputsSchema = z.object({
  checks: z.array(CheckRecordSchema),
  systems: z
    .object({ build1: SystemReportSchema.optional(), build2: SystemReportSchema.optional(), build3: SystemReportSchema.optional() })
    .default({}),
  integration: z
    .object({
      mcpTools: z.array(McpToolOutcomeSchema).optional(),
      /** Cross-build contract violations counted by reports, added to the FAIL X-* checks. */
      crossBuildViolations: z.number().int().min(0).optional(),
      /** M4 phases; when absent, phases are read from the checks of R4-M4-001..007. */
      phases: z.array(PipelinePhaseSchema).optional(),
    })
    .default({}),
  /** Fix-loop outcome for the thresholds table. */
  fixLoop: z
    .object({ p0Remaining: z.number().int().min(0), p1Remaining: z.number().int().min(0), convergence: z.number().min(0).max(1).nullable() })
    .optional(),
});
export type ScoringInputs = z.infer<typeof ScoringInputsSchema>;
export type ScoringInputsInput = z.input<typeof ScoringInputsSchema>;
