import { z } from 'zod';

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

/**
 * A `defect_catalog` item of seed 001 section 7.1 (FINDING-NNN) plus the
 * Run 4 fields `key` (stable identity across passes), `source`,
 * `priority_reason` and `route`.
 */
export const FindingSchema = z.object({
  finding_id: z.string().regex(/^FINDING-\d{3}$/),
  priority: z.enum(['P0', 'P1', 'P2', 'P3']),
  system: z.string(),
  component: z.string(),
  evidence: z.string(),
  recommendation: z.string(),
  resolution: z.enum(['', 'FIXED', 'OPEN', 'WONTFIX']),
  fix_pass_number: z.number().int().min(0),
  fix_verification: z.string(),
  key: z.string(),
  priority_reason: z.string(),
  route: FindingRouteSchema,
  source: FindingSourceSchema,
});
export type Finding = z.infer<typeof FindingSchema>;

/** Format the NNN of FINDING-NNN (three digits, more when the catalog passes 999). */
export function findingId(n: number): string {
  return `FINDING-${String(n).padStart(3, '0')}`;
}

/** True while a finding still needs work (not FIXED, not WONTFIX). */
export function isOpen(f: Pick<Finding, 'resolution'>): boolean {
  return f.resolution === '' || f.resolution === 'OPEN';
}
