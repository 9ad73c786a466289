import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CheckRecordSchema } from '@run4/checks';
import { z } from 'zod';

/** One phase's checkpoint: its checks and the data later phases need. */
export const PhaseRecordSchema = z.object({
  status: z.enum(['PASS', 'FAIL', 'SKIP']),
  checks: z.array(CheckRecordSchema),
  data: z.record(z.string(), z.unknown()),
  finished_at: z.string(),
  /** Why the phase's seed gate failed (the pipeline stopped after it). */
  gate_failed: z.string().optional(),
});
export type PhaseRecord = z.infer<typeof PhaseRecordSchema>;

/** `.run4/m4_pipeline.json`: the checkpoint after every M4 phase, for `run4 resume`. */
export const PipelineFileSchema = z.object({
  run_id: z.string(),
  phases: z.record(z.string(), PhaseRecordSchema),
});
export type PipelineFile = z.infer<typeof PipelineFileSchema>;

export const PIPELINE_FILE = 'm4_pipeline.json';

/** Read the checkpoint of this run (null when absent, unreadable or from another run). */
export function readPipelineFile(outputDir: string, runId: string): PipelineFile | null {
  const file = path.join(outputDir, PIPELINE_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = PipelineFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success && parsed.data.run_id === runId ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Atomic write of the checkpoint. */
export function writePipelineFile(outputDir: string, content: PipelineFile): void {
  const file = path.join(outputDir, PIPELINE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(content, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}
