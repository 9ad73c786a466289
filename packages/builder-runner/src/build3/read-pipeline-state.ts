import { readFileSync } from 'node:fs';
import { PipelineStateFileSchema, type PipelineStateFile } from '@run4/schemas';
import { formatZodIssues } from '../zod-issues.js';

/** What reading a PIPELINE_STATE.json gave: the state, or why there is none. */
export type PipelineStateRead = { ok: true; state: PipelineStateFile } | { ok: false; missing: boolean; error: string };

/**
 * Read and validate a Build 3's PIPELINE_STATE.json against seed 003
 * section 7.2 (never throws: a missing, partial or invalid file is an
 * answer with the reason).
 *
 * @example
 * const read = readPipelineState('/out/.super-orchestrator/PIPELINE_STATE.json');
 * if (read.ok) console.log(read.state.current_state);
 */
export function readPipelineState(file: string): PipelineStateRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', error: `${file}: ${code === 'ENOENT' ? 'does not exist' : (error as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, missing: false, error: `${file}: not JSON (${(error as Error).message})` };
  }
  const parsed = PipelineStateFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, missing: false, error: `${file}: breaks seed 003 section 7.2: ${formatZodIssues(parsed.error.issues, raw).slice(0, 5).join('; ')}` };
  return { ok: true, state: parsed.data };
}
