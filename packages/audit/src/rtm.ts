import { REQUIREMENTS, type CheckRecord } from '@run4/checks';
import { tagStatus } from '@run4/scoring';
import { z } from 'zod';

/** What the RTM says was verified for each test status. */
export const VERIFICATION_OF = {
  PASS: 'Verified',
  WARN: 'Verified with caveat',
  FAIL: 'Gap',
  UNTESTED: 'Not verified',
} as const;

export const RtmRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Implementing source files (under a `src/` directory; no tests, READMEs, fixtures, data files). */
  files: z.array(z.string()),
  checkIds: z.array(z.string()),
  /** Worst status of the checks that ran: FAIL, then WARN, then PASS; UNTESTED when none ran. */
  status: z.enum(['PASS', 'WARN', 'FAIL', 'UNTESTED']),
  verification: z.enum(['Verified', 'Verified with caveat', 'Gap', 'Not verified']),
  /** Why it is not plainly Verified: the caveat (WARN evidence), the failure, the SKIP reason, or that no check carries it. */
  reason: z.string(),
});
export type RtmRow = z.infer<typeof RtmRowSchema>;

const SOURCE_EXT = /\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|cs|php|swift|scala|c|cc|cpp|h|hpp)$/;
const NON_SOURCE_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e', 'fixtures', '__fixtures__', '__mocks__', 'mocks', 'testdata', 'bench', 'benchmarks', 'docs', 'examples', 'node_modules', 'dist']);

/**
 * True for an implementing source file: a code file under a `src/`
 * directory, not a test (`*.test.*`, `*.spec.*`, a test/fixtures/bench
 * directory), not a declaration file, README, JSON, YAML or Markdown.
 *
 * @example
 * isImplementationFile('packages/fix-loop/src/stop-rules.ts'); // true
 * isImplementationFile('packages/fix-loop/README.md'); // false
 */
export function isImplementationFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const base = parts.at(-1) ?? '';
  if (!SOURCE_EXT.test(base) || /\.d\.[cm]?ts$/.test(base) || /\.(?:test|spec)\.[^.]+$/.test(base)) return false;
  const dirs = parts.slice(0, -1);
  return dirs.includes('src') && !dirs.some((d) => NON_SOURCE_DIRS.has(d));
}

/**
 * The requirements traceability matrix (R4-M6-005): every requirement id of
 * `REQUIREMENTS` with its implementing source files (the caller's map plus
 * the repository scan, kept only where {@link isImplementationFile}), the
 * checks that carry it, its status and what was verified: PASS is
 * Verified, WARN is "Verified with caveat" (the caveat in `reason`), FAIL is
 * a Gap, UNTESTED is "Not verified" (the SKIP reason, or that no check
 * carries it).
 *
 * @example
 * buildRtm(checks, { 'R4-M5-005': ['packages/fix-loop/src/stop-rules.ts'] }).find((r) => r.id === 'SC-06')?.verification; // 'Not verified'
 */
export function buildRtm(checks: readonly CheckRecord[], implementationMap: Record<string, string[]> = {}, scanned: Map<string, string[]> = new Map()): RtmRow[] {
  return REQUIREMENTS.map((req) => {
    const { status, checks: tagged, reason } = tagStatus(checks, [req.id]);
    const files = [...new Set([...(implementationMap[req.id] ?? []), ...(scanned.get(req.id) ?? [])])].filter(isImplementationFile).sort();
    return {
      id: req.id,
      title: req.title,
      files,
      checkIds: tagged.map((c) => `${c.id} (${c.status})`),
      status,
      verification: VERIFICATION_OF[status],
      reason,
    };
  });
}

/** Counts of the RTM by status. */
export function rtmSummary(rows: readonly RtmRow[]): { total: number; pass: number; warn: number; fail: number; untested: number; withFiles: number } {
  return {
    total: rows.length,
    pass: rows.filter((r) => r.status === 'PASS').length,
    warn: rows.filter((r) => r.status === 'WARN').length,
    fail: rows.filter((r) => r.status === 'FAIL').length,
    untested: rows.filter((r) => r.status === 'UNTESTED').length,
    withFiles: rows.filter((r) => r.files.length > 0).length,
  };
}
