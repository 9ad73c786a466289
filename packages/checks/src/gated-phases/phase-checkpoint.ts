import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CheckRecordSchema } from '../check-record.js';

/** One phase's checkpoint: its checks and the data later phases need. */
export const PhaseRecordSchema = z.object({
  status: z.enum(['PASS', 'FAIL', 'SKIP']),
  checks: z.array(CheckRecordSchema),
  data: z.record(z.string(), z.unknown()),
  finished_at: z.string(),
  /** Why the phase's gate failed (the pipeline stopped after it). */
  gate_failed: z.string().optional(),
});
export type PhaseRecord = z.infer<typeof PhaseRecordSchema>;

/** The checkpoint file of a gated-phase pipeline, rewritten after every phase so a resumed run can keep what passed. */
export const PhaseCheckpointSchema = z.object({
  run_id: z.string(),
  phases: z.record(z.string(), PhaseRecordSchema),
});
export type PhaseCheckpoint = z.infer<typeof PhaseCheckpointSchema>;

/**
 * Read the checkpoint of run `runId` from `file` (null when absent,
 * unreadable, invalid or from another run).
 *
 * @example
 * const previous = readPhaseCheckpoint('.run4/pipeline.json', 'run-1'); // null on a first run
 */
export function readPhaseCheckpoint(file: string, runId: string): PhaseCheckpoint | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = PhaseCheckpointSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success && parsed.data.run_id === runId ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Write the checkpoint atomically (a temporary file renamed over `file`).
 *
 * @example
 * writePhaseCheckpoint('.run4/pipeline.json', { run_id: 'run-1', phases: {} });
 */
export function writePhaseCheckpoint(file: string, content: PhaseCheckpoint): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(content, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}
