import type { CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { AuditFixPassSchema } from './inputs.js';

/** One violation Run 4 planted itself (seed 001 R4-M4-008) in a copy of a built service: where, found by the gate, removed by a fix pass. */
export const PlantedRowSchema = z.object({
  service: z.string(),
  code: z.string(),
  planted: z.boolean(),
  file: z.string(),
  line: z.number().int(),
  detail: z.string(),
  /** null: not looked for (not planted). */
  found: z.boolean().nullable(),
  found_evidence: z.string(),
  /** null: nothing to judge (not planted, not found, or no fix check recorded). */
  fixed: z.boolean().nullable(),
  fix_evidence: z.string(),
});
export type PlantedRow = z.infer<typeof PlantedRowSchema>;

/** The audit's "Planted by Run 4" part: kept apart from the findings of the system under test. */
export const PlantedSectionSchema = z.object({
  rows: z.array(PlantedRowSchema),
  /** The fix passes on the planted copy, with their score delta. */
  passes: z.array(AuditFixPassSchema),
  /** `m5.planted.fix-pass`: its status and evidence ('' when M5 recorded none). */
  fix_status: z.string(),
  fix_evidence: z.string(),
});
export type PlantedSection = z.infer<typeof PlantedSectionSchema>;

const ItemDataSchema = z.looseObject({
  planted_by_run4: z.literal(true),
  service: z.string(),
  code: z.string(),
  planted: z.boolean(),
  file: z.string().default(''),
  line: z.number().int().default(0),
  detail: z.string().default(''),
  found: z.boolean().nullable().optional(),
  fixed: z.boolean().nullable().optional(),
  /** What the gate reported (or gave instead), without the planting detail. */
  evidence: z.string().optional(),
});
const PassDataSchema = z.looseObject({ planted_by_run4: z.literal(true), passes: z.array(AuditFixPassSchema).default([]) });

/**
 * The planted violations from the check records that carry
 * `data.planted_by_run4`: M4's `planted.<code>.detected` (where it was
 * planted, found or missed), M5's `planted.<code>.fixed` and
 * `m5.planted.fix-pass` (the passes on the planted copy). Null when the
 * run planted nothing.
 *
 * @example
 * plantedFromChecks(checks)?.rows.map((r) => `${r.code} found=${r.found} fixed=${r.fixed}`);
 */
export function plantedFromChecks(checks: readonly CheckRecord[]): PlantedSection | null {
  const rows = new Map<string, PlantedRow>();
  let passes: PlantedSection['passes'] = [];
  let fixStatus = '';
  let fixEvidence = '';
  for (const c of checks) {
    if (c.id === 'm5.planted.fix-pass') {
      const d = PassDataSchema.safeParse(c.data);
      if (d.success) passes = d.data.passes;
      fixStatus = c.status;
      fixEvidence = c.evidence;
      continue;
    }
    const kind = /^planted\.[a-z0-9-]+\.(detected|fixed)$/.exec(c.id)?.[1];
    const d = kind ? ItemDataSchema.safeParse(c.data) : null;
    if (!kind || !d?.success) continue;
    const key = `${d.data.service}:${d.data.code}`;
    const row = rows.get(key) ?? { service: d.data.service, code: d.data.code, planted: d.data.planted, file: d.data.file, line: d.data.line, detail: d.data.detail, found: null, found_evidence: '', fixed: null, fix_evidence: '' };
    if (kind === 'detected') rows.set(key, { ...row, found: c.status === 'SKIP' ? null : c.status === 'PASS', found_evidence: d.data.evidence ?? c.evidence });
    else rows.set(key, { ...row, fixed: c.status === 'SKIP' ? null : c.status === 'PASS', fix_evidence: c.evidence });
  }
  if (rows.size === 0 && !fixStatus) return null;
  return { rows: [...rows.values()], passes, fix_status: fixStatus, fix_evidence: fixEvidence };
}
