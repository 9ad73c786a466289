import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CheckRecord } from '@run4/checks';
import { groupViolations } from './catalog.js';
import type { FixLoopViolation } from './violation.js';

/** Folder under the output dir holding the before/after snapshots of every pass. */
export const SNAPSHOT_DIR = 'm5_fix_snapshots';

/**
 * A fix-pass snapshot (seed 002 section 7.6 `FixPassSnapshot`): violations
 * as `{scan_code: [service/file, ...]}` and check results as
 * `{check_id: passed}` (SKIP checks are left out: they passed nothing).
 */
export const FixPassSnapshotSchema = z.object({
  pass_number: z.number().int().min(1),
  phase: z.enum(['before', 'after']),
  timestamp: z.string(),
  violations: z.record(z.string(), z.array(z.string())),
  test_results: z.record(z.string(), z.boolean()),
  violation_count: z.number().int().min(0),
});
export type FixPassSnapshot = z.infer<typeof FixPassSnapshotSchema>;

/**
 * Take a snapshot of one scan.
 *
 * @example
 * const before = takeSnapshot(1, 'before', scan.checks, violations);
 */
export function takeSnapshot(
  passNumber: number,
  phase: 'before' | 'after',
  checks: readonly CheckRecord[],
  violations: readonly FixLoopViolation[],
  services: readonly string[] = [],
  now: Date = new Date(),
): FixPassSnapshot {
  const byCode: Record<string, string[]> = {};
  for (const g of groupViolations(violations, services).values()) {
    const where = `${g.service ? `${g.service}/` : ''}${g.file}`;
    (byCode[g.code] ??= []).push(where);
  }
  for (const list of Object.values(byCode)) list.sort();
  const tests: Record<string, boolean> = {};
  for (const c of checks) {
    if (c.status === 'SKIP') continue;
    tests[c.id] = (tests[c.id] ?? true) && c.status !== 'FAIL';
  }
  return { pass_number: passNumber, phase, timestamp: now.toISOString(), violations: byCode, test_results: tests, violation_count: violations.length };
}

/** Path of a snapshot file: `{outputDir}/m5_fix_snapshots/fix_pass_N_{before,after}.json`. */
export function snapshotPath(outputDir: string, passNumber: number, phase: 'before' | 'after'): string {
  return join(outputDir, SNAPSHOT_DIR, `fix_pass_${passNumber}_${phase}.json`);
}

/**
 * Write a snapshot atomically (tmp + rename) and return its path.
 *
 * @example
 * await writeSnapshot('.run4', before); // '.run4/m5_fix_snapshots/fix_pass_1_before.json'
 */
export async function writeSnapshot(outputDir: string, snapshot: FixPassSnapshot): Promise<string> {
  const target = snapshotPath(outputDir, snapshot.pass_number, snapshot.phase);
  await mkdir(join(outputDir, SNAPSHOT_DIR), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
  await rename(tmp, target);
  return target;
}
