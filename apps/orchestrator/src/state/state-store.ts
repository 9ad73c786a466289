import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrchestratorInputError } from '../errors.js';
import { type PipelineState, PipelineStateSchema } from './pipeline-state.js';

/** Seed 004 section 3.3 `STATE_DIR`. */
export const STATE_DIR = '.super-orchestrator';
/** Seed 004 section 3.3 `STATE_FILE`. */
export const STATE_FILE = 'PIPELINE_STATE.json';

/**
 * Write `value` as JSON atomically: a temp file in the same directory, then
 * rename over the target (a reader sees the old or the new file, never half).
 * Synchronous so a signal handler can call it.
 *
 * @example
 * atomicWriteJson('/tmp/x/state.json', { ok: true });
 */
export function atomicWriteJson(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * Path of PIPELINE_STATE.json in a state directory.
 *
 * @example
 * stateFilePath('.super-orchestrator'); // '.super-orchestrator/PIPELINE_STATE.json'
 */
export function stateFilePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

/**
 * Save the state (validated, `updated_at` and `pid` refreshed) to
 * `<stateDir>/PIPELINE_STATE.json` with tmp + rename.
 *
 * @example
 * saveState(state); // writes state.state_dir/PIPELINE_STATE.json
 */
export function saveState(state: PipelineState): string {
  state.updated_at = new Date().toISOString();
  state.pid = process.pid;
  const valid = PipelineStateSchema.parse(state);
  mkdirSync(state.state_dir, { recursive: true });
  const file = stateFilePath(state.state_dir);
  atomicWriteJson(file, valid);
  return file;
}

/**
 * Load PIPELINE_STATE.json, or null when there is none. A file that is not
 * valid JSON or breaks the schema is bad input (exit 2, naming the field).
 *
 * @example
 * const state = loadState('.super-orchestrator');
 */
export function loadState(stateDir: string): PipelineState | null {
  const file = stateFilePath(stateDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new OrchestratorInputError(`${file} is not valid JSON (${(cause as Error).message}); remove it and start again with \`super-orchestrator init\``, 'PIPELINE_STATE.json');
  }
  const parsed = PipelineStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OrchestratorInputError(`${file}: field "${issue?.path.join('.') ?? '?'}" is invalid: ${issue?.message ?? 'bad value'}`, issue?.path.join('.'));
  }
  return parsed.data;
}

/**
 * Remove PIPELINE_STATE.json (seed `PipelineState.clear`).
 *
 * @example
 * clearState('.super-orchestrator');
 */
export function clearState(stateDir: string): void {
  rmSync(stateFilePath(stateDir), { force: true });
}
