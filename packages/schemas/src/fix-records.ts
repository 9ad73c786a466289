import { z } from 'zod';

/**
 * A `defect_catalog` item of RUN4_STATE.json (seed 001 section 7.1,
 * FINDING-NNN) as any reader takes it: the seed's four required fields,
 * the others optional, unknown fields kept. {@link FindingSchema} is the
 * same item as the fix loop writes it (every field, plus Run 4's own).
 *
 * @example
 * DefectCatalogItemSchema.parse({ finding_id: 'FINDING-001', priority: 'P0', system: 'Build 2', component: 'billing-service' });
 */
export const DefectCatalogItemSchema = z.looseObject({
  finding_id: z.string().regex(/^FINDING-\d{3}$/),
  priority: z.enum(['P0', 'P1', 'P2', 'P3']),
  system: z.string(),
  component: z.string(),
  evidence: z.string().optional(),
  recommendation: z.string().optional(),
  resolution: z.enum(['', 'FIXED', 'OPEN', 'WONTFIX']).optional(),
  fix_pass_number: z.number().int().optional(),
  fix_verification: z.string().optional(),
});
export type DefectCatalogItem = z.infer<typeof DefectCatalogItemSchema>;

/** One occurrence of a violation inside a finding (what FIX_INSTRUCTIONS.md lists line by line). */
export const FindingOccurrenceSchema = z.object({
  code: z.string(),
  severity: z.string(),
  file: z.string(),
  line: z.number().int().min(0),
  message: z.string(),
  remediation: z.string().optional(),
});
export type FindingOccurrence = z.infer<typeof FindingOccurrenceSchema>;

/** Where a finding came from: a FAIL check record or a scan violation. */
export const FindingSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('check'),
    check_id: z.string(),
    requirement_ids: z.array(z.string()),
    /** The generated service the check is about (its id names exactly one), when any. */
    service: z.string().optional(),
  }),
  z.object({
    kind: z.literal('violation'),
    code: z.string(),
    service: z.string().optional(),
    file: z.string(),
    occurrences: z.array(FindingOccurrenceSchema),
  }),
]);
export type FindingSource = z.infer<typeof FindingSourceSchema>;

/**
 * Where a finding goes: `builder` when a builder can fix it (it is
 * attributed to a generated service and a re-scan re-runs what found it), so
 * it reaches that service's FIX_INSTRUCTIONS.md; `owner` when no builder
 * can (e.g. an MCP server of Build 1, a Build 3 phase, or a check no fix
 * pass re-runs): it stays in the audit, OPEN, for its owner `system`.
 */
export const FindingRouteSchema = z.enum(['builder', 'owner']);
export type FindingRoute = z.infer<typeof FindingRouteSchema>;

const item = DefectCatalogItemSchema.shape;

/**
 * A `defect_catalog` item as the fix loop writes it: every field of
 * {@link DefectCatalogItemSchema} present, plus the Run 4 fields `key`
 * (stable identity across passes), `source`, `priority_reason` and `route`.
 *
 * @example
 * FindingSchema.parse(result.findings[0]).route; // 'builder'
 */
export const FindingSchema = z.object({
  ...item,
  evidence: item.evidence.unwrap(),
  recommendation: item.recommendation.unwrap(),
  resolution: item.resolution.unwrap(),
  fix_pass_number: item.fix_pass_number.unwrap().min(0),
  fix_verification: item.fix_verification.unwrap(),
  key: z.string(),
  priority_reason: z.string(),
  route: FindingRouteSchema,
  source: FindingSourceSchema,
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * A `fix_passes` item of RUN4_STATE.json (seed 001 section 7.1) as any
 * reader takes it: every field optional, unknown fields kept.
 * {@link FixPassRecordSchema} is the same item as the fix loop writes it.
 *
 * @example
 * FixPassItemSchema.parse({ pass_number: 1, effectiveness: 0.5 });
 */
export const FixPassItemSchema = z.looseObject({
  pass_number: z.number().int().optional(),
  targeted: z.number().int().optional(),
  resolved: z.number().int().optional(),
  failed: z.number().int().optional(),
  regressions: z.number().int().optional(),
  effectiveness: z.number().optional(),
  score_before: z.number().optional(),
  score_after: z.number().optional(),
  cost: z.number().optional(),
});
export type FixPassItem = z.infer<typeof FixPassItemSchema>;

const pass = FixPassItemSchema.shape;

/**
 * A `fix_passes` item as the fix loop writes it: the seed's fields plus the
 * R4-M5-004 metrics the seed names but does not store: regression rate, new
 * defects, score delta and the convergence after the pass.
 *
 * @example
 * FixPassRecordSchema.parse(result.passes[0]).effectiveness; // 0.75
 */
export const FixPassRecordSchema = z.object({
  pass_number: pass.pass_number.unwrap().min(1),
  targeted: pass.targeted.unwrap().min(0),
  resolved: pass.resolved.unwrap().min(0),
  failed: pass.failed.unwrap().min(0),
  regressions: pass.regressions.unwrap().min(0),
  effectiveness: pass.effectiveness.unwrap().min(0).max(1),
  regression_rate: z.number().min(0),
  new_defects: z.number().int().min(0),
  /** Omitted when no score function was given (RUN4_STATE.json's fix_passes hold numbers only). */
  score_before: pass.score_before,
  score_after: pass.score_after,
  score_delta: z.number().optional(),
  cost: pass.cost.unwrap().min(0),
  convergence: z.number().min(0).max(1),
  open_after: z.object({ P0: z.number().int(), P1: z.number().int(), P2: z.number().int(), P3: z.number().int() }),
  duration_ms: z.number().min(0),
});
export type FixPassRecord = z.infer<typeof FixPassRecordSchema>;
