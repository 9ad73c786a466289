import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { isProcessGroupAlive, terminateProcessGroup } from '@run4/checks';
import { type BuilderConfig, type BuilderDepth, writeBuilderConfig } from './builder-config.js';
import type { BuilderFailure, BuilderResult } from './builder-result.js';
import { type BuilderState, parseBuilderState, STATE_FILE_RELATIVE } from './builder-state.js';
import { CappedLog } from './capped-log.js';
import { DEFAULT_BUILDER_COMMAND, expandCommandTemplate } from './command-template.js';
import { spawnGroup } from './spawn-group.js';
import { BuilderStateError } from './errors.js';

/** Directory (inside each builder dir) where the runner keeps the captured output. */
export const LOG_DIR_RELATIVE = '.run4';

/** One builder to run. */
export interface BuilderSpec {
  /** Service the builder produces, e.g. `payments-api` (`{service}` in the template). */
  service_id: string;
  /** Seed 004 `system_id`; defaults to `service_id`. */
  system_id?: string;
  /** The builder's own directory (`{dir}`); created if missing. */
  dir: string;
  /** `{depth}`; defaults to `options.depth`, then `thorough`. */
  depth?: BuilderDepth;
  /** When given, written to `{dir}/config.yaml` before the builder starts. */
  config?: BuilderConfig;
  /** Per-spec command template (overrides `options.command`). */
  command?: string | readonly string[];
}

/** A progress event for live output. */
export type BuilderProgressEvent =
  | { type: 'started'; service_id: string; dir: string; command: string[]; at: string }
  | { type: 'finished'; service_id: string; result: BuilderResult; at: string };

export interface RunBuilderOptions {
  /** Command template; default {@link DEFAULT_BUILDER_COMMAND}. */
  command?: string | readonly string[];
  depth?: BuilderDepth;
  /** Per-builder timeout; default 1 800 000 ms (seed: 1800 s). */
  timeoutMs?: number;
  /** Wait between SIGTERM and SIGKILL of the process group; default 2000 ms. */
  killGraceMs?: number;
  /** Cap of each captured output file; default 1 MiB. */
  maxOutputBytes?: number;
  /** Extra environment (the parent environment is inherited, as in the seed). */
  env?: Record<string, string>;
  /** Aborting kills the builder's whole process group (Ctrl+C). */
  signal?: AbortSignal;
  onProgress?: (event: BuilderProgressEvent) => void;
}

/**
 * The argv a spec will run: its template (or the options', or the seed
 * default) with `{dir}` (absolute), `{depth}` and `{service}` filled in.
 *
 * @example
 * resolveCommand({ service_id: 'accounts-api', dir: 'b/auth' }, { depth: 'quick' });
 * // ['python', '-m', 'agent_team', '--cwd', '/abs/b/auth', '--depth', 'quick']
 */
export function resolveCommand(spec: BuilderSpec, options: RunBuilderOptions): string[] {
  return expandCommandTemplate(spec.command ?? options.command ?? DEFAULT_BUILDER_COMMAND, {
    dir: resolve(spec.dir),
    depth: spec.depth ?? options.depth ?? 'thorough',
    service: spec.service_id,
  });
}

async function fingerprint(path: string): Promise<string | null> {
  try {
    const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    return `${info.mtimeMs}:${info.size}:${text}`;
  } catch {
    return null;
  }
}

/**
 * Files under `dir` (relative, `/`-separated, sorted), skipping the runner's
 * logs, node_modules and .git; at most `limit`.
 *
 * @example
 * await listArtifacts('/tmp/b/payments-api'); // ['.agent-team/STATE.json', 'Dockerfile', ...]
 */
export async function listArtifacts(dir: string, limit = 2000): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (out.length >= limit) return;
      const full = join(current, entry.name);
      const rel = relative(dir, full).split('\\').join('/');
      if (entry.isDirectory()) {
        if (rel === LOG_DIR_RELATIVE || entry.name === 'node_modules' || entry.name === '.git') continue;
        await walk(full);
      } else out.push(rel);
    }
  };
  await walk(dir);
  return out;
}

/**
 * A failed {@link BuilderResult} for a builder that could not run at all
 * (e.g. its directory could not be created).
 *
 * @example
 * const r = failedBuilderResult({ service_id: 'x', dir: '/tmp/x' }, 'spawn_error', 'EACCES on /tmp/x');
 */
export function failedBuilderResult(spec: BuilderSpec, failure: BuilderFailure, error: string, command: string[] = []): BuilderResult {
  const now = new Date().toISOString();
  const dir = resolve(spec.dir);
  return {
    system_id: spec.system_id ?? spec.service_id,
    service_id: spec.service_id,
    success: false,
    cost: 0,
    error,
    output_dir: dir,
    test_passed: 0,
    test_total: 0,
    convergence_ratio: 0,
    artifacts: [],
    failure,
    exit_code: null,
    signal: null,
    timed_out: false,
    command,
    started_at: now,
    finished_at: now,
    duration_ms: 0,
    stdout_file: join(dir, LOG_DIR_RELATIVE, 'builder-stdout.log'),
    stderr_file: join(dir, LOG_DIR_RELATIVE, 'builder-stderr.log'),
    stdout_truncated: false,
    stderr_truncated: false,
    leftover_processes_killed: false,
    health: null,
    completed_phases: [],
  };
}

function oneLineTail(text: string, max = 400): string {
  const cleaned = text.trim().split('\n').slice(-5).join(' | ');
  return cleaned.length > max ? `...${cleaned.slice(-max)}` : cleaned;
}

/**
 * Run one builder subprocess in its own process group and turn whatever
 * happens (exit, crash, timeout, abort, missing or invalid STATE.json) into
 * a {@link BuilderResult}. Never rejects for a builder failure; throws only
 * for bad input (an invalid command template).
 *
 * @example
 * const result = await runBuilder(
 *   { service_id: 'payments-api', dir: '/tmp/b/payments-api', depth: 'quick' },
 *   { command: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth}', timeoutMs: 60_000 },
 * );
 * console.log(result.success, result.test_passed, result.error);
 */
export async function runBuilder(spec: BuilderSpec, options: RunBuilderOptions = {}): Promise<BuilderResult> {
  const command = resolveCommand(spec, options);
  const dir = resolve(spec.dir);
  const timeoutMs = options.timeoutMs ?? 1_800_000;
  const graceMs = options.killGraceMs ?? 2000;
  const maxOutputBytes = options.maxOutputBytes ?? 1024 * 1024;
  const startedAt = new Date();
  const t0 = performance.now();

  await mkdir(join(dir, LOG_DIR_RELATIVE), { recursive: true });
  if (spec.config) await writeBuilderConfig(dir, spec.config);
  const statePath = join(dir, STATE_FILE_RELATIVE);
  const stateBefore = await fingerprint(statePath);
  const stdoutLog = new CappedLog(join(dir, LOG_DIR_RELATIVE, 'builder-stdout.log'), maxOutputBytes);
  const stderrLog = new CappedLog(join(dir, LOG_DIR_RELATIVE, 'builder-stderr.log'), maxOutputBytes);

  let timedOut = false;
  let aborted = options.signal?.aborted ?? false;
  let leftoverKilled = false;
  let spawnError: string | null = null;
  let exitCode: number | null = null;
  let signal: string | null = null;

  if (!aborted) {
    options.onProgress?.({ type: 'started', service_id: spec.service_id, dir, command, at: startedAt.toISOString() });
    const { child, pid: pgid, untrack } = spawnGroup(command, { cwd: dir, env: options.env, stdout: stdoutLog, stderr: stderrLog });
    let killing: Promise<boolean> | undefined;
    const killGroup = () => {
      if (pgid !== undefined && !killing) killing = terminateProcessGroup(pgid, graceMs);
      return killing;
    };
    const timer = setTimeout(() => {
      timedOut = true;
      void killGroup();
    }, timeoutMs);
    const onAbort = () => {
      aborted = true;
      void killGroup();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // When the leader exits, anything left in its group is an orphan: kill it,
    // which also closes pipes a grandchild may still hold.
    child.once('exit', () => {
      if (pgid !== undefined && !killing && isProcessGroupAlive(pgid)) {
        leftoverKilled = true;
        void killGroup();
      }
    });
    try {
      const result = await child;
      if (result.failed && pgid === undefined) spawnError = result.originalMessage || result.shortMessage || "spawn failed";
      exitCode = result.exitCode ?? null;
      signal = (result.signal as string | undefined) ?? null;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pgid !== undefined) await (killing ?? (isProcessGroupAlive(pgid) ? killGroup() : undefined));
      untrack();
    }
  }
  await Promise.all([stdoutLog.close(), stderrLog.close()]);

  let failure: BuilderFailure | null = null;
  let error = '';
  const cmdText = command.join(' ');
  const logHint = `stdout: ${stdoutLog.path}, stderr: ${stderrLog.path}`;
  if (spawnError !== null) {
    failure = 'spawn_error';
    error = `builder ${spec.service_id} could not be started (${cmdText}): ${spawnError}. Check the command template.`;
  } else if (aborted) {
    failure = 'aborted';
    error = `builder ${spec.service_id} was aborted; its process group was killed (or it never started)`;
  } else if (timedOut) {
    failure = 'timeout';
    error = `builder ${spec.service_id} timed out after ${timeoutMs} ms; its process group was killed (SIGTERM, SIGKILL after ${graceMs} ms). ${logHint}`;
  } else if (exitCode !== 0) {
    failure = 'crash';
    const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
    error = `builder ${spec.service_id} ${how} (${cmdText}); stderr tail: ${oneLineTail(stderrLog.tailText()) || '(empty)'}. ${logHint}`;
  }

  let state: BuilderState | null = null;
  if (failure === null || failure === 'crash') {
    try {
      state = await parseBuilderState(dir);
    } catch (err) {
      if (failure === null) {
        const stateError = err as BuilderStateError;
        failure = stateError.reason === 'missing' ? 'state_missing' : 'state_invalid';
        error = `builder ${spec.service_id}: ${stateError.message}`;
      }
    }
  }
  if (state && failure === null && (await fingerprint(statePath)) === stateBefore) {
    failure = 'state_stale';
    error = `builder ${spec.service_id} exited 0 but did not rewrite ${statePath} (unchanged since before the run)`;
    state = null;
  }
  if (state && failure === null && !state.summary.success) {
    failure = 'reported_failure';
    error = `builder ${spec.service_id} reported summary.success=false (health ${state.health}, tests ${state.summary.test_passed}/${state.summary.test_total})`;
  }
  if (failure === 'crash' && state && (await fingerprint(statePath)) === stateBefore) state = null;

  const finishedAt = new Date();
  const result: BuilderResult = {
    system_id: spec.system_id ?? spec.service_id,
    service_id: spec.service_id,
    success: failure === null,
    cost: state?.total_cost ?? 0,
    error,
    output_dir: dir,
    test_passed: state?.summary.test_passed ?? 0,
    test_total: state?.summary.test_total ?? 0,
    convergence_ratio: state?.summary.convergence_ratio ?? 0,
    artifacts: await listArtifacts(dir),
    failure,
    exit_code: exitCode,
    signal,
    timed_out: timedOut,
    command,
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    stdout_file: stdoutLog.path,
    stderr_file: stderrLog.path,
    stdout_truncated: stdoutLog.truncated,
    stderr_truncated: stderrLog.truncated,
    leftover_processes_killed: leftoverKilled,
    health: state?.health ?? null,
    completed_phases: state?.completed_phases ?? [],
  };
  options.onProgress?.({ type: 'finished', service_id: spec.service_id, result, at: result.finished_at });
  return result;
}
