import { CheckRecordSchema } from '@run4/checks';
import { z } from 'zod';
import { ContractViolationSchema } from '../layer2/contract-violation.js';
import { ScanViolationSchema } from '../models/scan-violation.js';
import { QualityGateConfigSchema } from './gate-config.js';

/** Seed 004 `QualityLevel`. */
export const QualityLevelSchema = z.enum(['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial']);
export type QualityLevel = z.infer<typeof QualityLevelSchema>;
export const LAYER_ORDER: readonly QualityLevel[] = QualityLevelSchema.options;

/** Seed 004 `GateVerdict`. */
export const GateVerdictSchema = z.enum(['passed', 'failed', 'partial', 'skipped']);
export type GateVerdict = z.infer<typeof GateVerdictSchema>;

/**
 * How the layers were chained: `promotion` is seed 004 section 6.6 (a layer
 * with blocking findings is not promoted, later layers are skipped unless
 * `continue_after_blocking`); `all_layers` runs every selected layer
 * whatever an earlier one found (what `run4 gate --layers` does by default).
 */
export const GatingModeSchema = z.enum(['promotion', 'all_layers']);
export type GatingMode = z.infer<typeof GatingModeSchema>;

/**
 * A file a layer could not analyse (fully), and why. `coverage` says what
 * still ran on it: `none` (nothing: a binary, a file that could not be
 * parsed or read), `secrets_only` (too large for the code rules, scanned
 * for secrets in streaming chunks), `text_only` (no grammar for its
 * language, or content its parser refused: secrets and text rules ran,
 * code rules did not), `partial` (a rule failed on it; the others ran).
 */
export const FileNotAnalysedSchema = z
  .object({
    file_path: z.string(),
    reason: z.string(),
    coverage: z.enum(['none', 'secrets_only', 'text_only', 'partial']),
  })
  .strict();
export type FileNotAnalysed = z.infer<typeof FileNotAnalysedSchema>;

/** A service Layer 1 excluded, and why. */
export const FailedServiceSchema = z.object({ service_id: z.string(), reasons: z.array(z.string()) }).strict();

/**
 * Seed 004 `LayerResult` plus Run 4 extras: `blocking_violations`,
 * `skipped_reason`, `failed_services` (Layer 1), `truncated` (violations
 * dropped by the 200-per-category cap), `files_analysed` /
 * `files_not_analysed` / `files_skipped` (Layers 3 and 4),
 * `started_at`/`finished_at`.
 */
export const LayerResultSchema = z
  .object({
    layer: QualityLevelSchema,
    verdict: GateVerdictSchema,
    violations: z.array(ScanViolationSchema),
    contract_violations: z.array(ContractViolationSchema),
    total_checks: z.number().int().min(0),
    passed_checks: z.number().int().min(0),
    duration_seconds: z.number().min(0),
    blocking_violations: z.number().int().min(0),
    skipped_reason: z.string().optional(),
    failed_services: z.array(FailedServiceSchema).optional(),
    truncated: z.record(z.string(), z.number().int().min(0)).optional(),
    /** Files the layer read and judged. */
    files_analysed: z.number().int().min(0).optional(),
    /** Files it could not analyse, or only partly (blind spots are never silent). */
    files_not_analysed: z.array(FileNotAnalysedSchema).optional(),
    /** Files skipped by policy (binary extensions, lock files), counted per reason. */
    files_skipped: z.record(z.string(), z.number().int().min(0)).optional(),
    started_at: z.string().optional(),
    finished_at: z.string().optional(),
  })
  .strict();
export type LayerResult = z.infer<typeof LayerResultSchema>;

/**
 * quality_gate_report.json: seed 003 section 7.5 `QualityGateReport`
 * (`layers`, `overall_verdict`, `fix_attempts`, `max_fix_attempts`,
 * `total_violations`, `blocking_violations`) plus Run 4 extras.
 */
export const QualityGateReportSchema = z
  .object({
    layers: z.object({
      layer1_service: LayerResultSchema,
      layer2_contract: LayerResultSchema,
      layer3_system: LayerResultSchema,
      layer4_adversarial: LayerResultSchema,
    }),
    overall_verdict: GateVerdictSchema,
    fix_attempts: z.number().int().min(0),
    max_fix_attempts: z.number().int().min(0),
    total_violations: z.number().int().min(0),
    blocking_violations: z.number().int().min(0),
    // Run 4 extras
    schema_version: z.literal(1),
    generated_at: z.string(),
    root_dir: z.string(),
    /** Layers in the order they ran (B3-04). */
    layer_order: z.array(QualityLevelSchema),
    /** How the layers were chained (absent in reports written before it existed: `promotion`). */
    gating_mode: GatingModeSchema.optional(),
    excluded_services: z.array(z.string()),
    /** Services judged, with their directories relative to `root_dir` ('' when unknown). */
    services: z.array(z.object({ name: z.string(), dir: z.string() }).strict()),
    config: QualityGateConfigSchema,
    checks: z.array(CheckRecordSchema),
  })
  .strict();
export type QualityGateReport = z.infer<typeof QualityGateReportSchema>;

/**
 * A LayerResult for a layer that did not run.
 *
 * @example
 * skippedLayer('layer2_contract', 'no deployed services and no IntegrationReport').verdict; // 'skipped'
 */
export function skippedLayer(layer: QualityLevel, reason: string): LayerResult {
  return {
    layer,
    verdict: 'skipped',
    violations: [],
    contract_violations: [],
    total_checks: 0,
    passed_checks: 0,
    duration_seconds: 0,
    blocking_violations: 0,
    skipped_reason: reason,
  };
}
