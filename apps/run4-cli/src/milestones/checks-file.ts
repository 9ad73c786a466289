import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CheckRecordSchema, type CheckRecord } from '@run4/checks';
import { z } from 'zod';

/** `m<n>_checks.json`: one milestone's check records; milestones read each other's through this file only. */
export const ChecksFileSchema = z.object({ milestone: z.number(), status: z.enum(['PASS', 'FAIL']), checks: z.array(CheckRecordSchema) });

/** Path of the check-record artifact of milestone n. */
export function checksFile(outputDir: string, n: number): string {
  return path.join(outputDir, `m${n}_checks.json`);
}

/** Read a milestone's check records back (null when it has not run). */
export function readMilestoneChecks(outputDir: string, n: number): CheckRecord[] | null {
  const file = checksFile(outputDir, n);
  if (!existsSync(file)) return null;
  try {
    const parsed = ChecksFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.checks : null;
  } catch {
    // unreadable or not JSON: as if the milestone had not run (it is run again)
    return null;
  }
}

