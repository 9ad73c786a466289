import { REQUIREMENTS, type CheckRecord } from '@run4/checks';
import { tagStatus } from '@run4/scoring';
import { z } from 'zod';

export const RtmRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  files: z.array(z.string()),
  checkIds: z.array(z.string()),
  status: z.enum(['PASS', 'FAIL', 'UNTESTED']),
  verification: z.enum(['Verified', 'Gap']),
});
export type RtmRow = z.infer<typeof RtmRowSchema>;

/**
 * The requirements traceability matrix (R4-M6-005): every requirement id of
 * `REQUIREMENTS` with its implementing files (the caller's map plus the
 * repository scan), the checks that carry it, PASS / FAIL / UNTESTED (no
 * check ran), and Verified only when it passed.
 *
 * @example
 * buildRtm(checks, { 'R4-M5-005': ['packages/fix-loop/src/stop-rules.ts'] }).find((r) => r.id === 'SC-06')?.status;
 */
export function buildRtm(checks: readonly CheckRecord[], implementationMap: Record<string, string[]> = {}, scanned: Map<string, string[]> = new Map()): RtmRow[] {
  return REQUIREMENTS.map((req) => {
    const { status, checks: tagged } = tagStatus(checks, [req.id]);
    const files = [...new Set([...(implementationMap[req.id] ?? []), ...(scanned.get(req.id) ?? [])])].sort();
    return {
      id: req.id,
      title: req.title,
      files,
      checkIds: tagged.map((c) => `${c.id} (${c.status})`),
      status,
      verification: status === 'PASS' ? 'Verified' : 'Gap',
    };
  });
}

/** Counts of the RTM by status. */
export function rtmSummary(rows: readonly RtmRow[]): { total: number; pass: number; fail: number; untested: number; withFiles: number } {
  return {
    total: rows.length,
    pass: rows.filter((r) => r.status === 'PASS').length,
    fail: rows.filter((r) => r.status === 'FAIL').length,
    untested: rows.filter((r) => r.status === 'UNTESTED').length,
    withFiles: rows.filter((r) => r.files.length > 0).length,
  };
}
