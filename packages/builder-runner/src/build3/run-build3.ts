import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessGroupAlive, terminateProcessGroup } from '@run4/checks';
import type { PipelineStateFile } from '@run4/schemas';
import { CappedLog } from '../capped-log.js';
import { spawnGroup } from '../spawn-group.js';
import { descendantGroups, liveProcessGroups } from './process-tree.js';
import { readPipelineState } from './read-pipeline-state.js';

/** Send `signal` to Build 3 once `when` holds for a state it wrote (Ctrl+C and kill -9 exercises). */
export interface Build3Interrupt {
  signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL';
  when: (state: PipelineStateFile) => boolean;
  /** Said in evidence, e.g. "builders_running with a builder started". */
  label: string;
}

/** How to run one Build 3 command. */
export interface RunBuild3Options {
  /** The command line (already expanded), e.g. `['node', 'cli.js', '-c', 'config.yaml', '-o', 'out', 'run', '--prd', 'prd.md']`. */
  argv: readonly string[];
  cwd: string;
  /** The PIPELINE_STATE.json Build 3 writes, followed while it runs. */
  stateFile: string;
  /** Where `build3-stdout.log` / `build3-stderr.log` go. */
  logDir: string;
  /** Default 600 000 ms; the whole process tree is ended after it. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Poll interval of the state file (default 200 ms). */
  pollMs?: number;
  /** Called with each new version of the state (a changed `updated_at` or `current_state`). */
  onState?: (state: PipelineStateFile) => void;
  interrupt?: Build3Interrupt;
}

/** What one Build 3 command did, seen from outside. */
export interface Build3Run {
  argv: string[];
  exit_code: number | null;
  /** The signal that ended it, if one did. */
  signal: string | null;
  timed_out: boolean;
  aborted: boolean;
  /** The interrupt sent, and the state it was sent in; null when none was. */
  interrupted: { signal: string; at_state: string } | null;
  duration_ms: number;
  /** `current_state` values in the order polling saw them (consecutive repeats folded). */
  observed_states: string[];
  /** The state file as Build 3 left it, when it is valid. */
  final_state: PipelineStateFile | null;
  /** Why there is no valid final state. */
  state_error: string | null;
  /** Process groups of Build 3's descendants still alive after it ended, which Run 4 then ended. */
  leftover_groups: number[];
  stdout_file: string;
  stderr_file: string;
  stderr_tail: string;
}

/**
 * Run a Build 3 command as a subprocess in its own process group and follow
 * its PIPELINE_STATE.json while it runs (re-read on every poll; a partial
 * read is retried on the next). Whatever it started that outlives it
 * (its builders, services) is ended afterwards and reported, so a kill -9
 * exercise leaves nothing behind.
 *
 * @example
 * const run = await runBuild3({ argv: ['super-orchestrator', 'run', '--prd', 'prd.md'], cwd: out, stateFile: join(out, '.super-orchestrator/PIPELINE_STATE.json'), logDir: out });
 * run.final_state?.current_state; // 'complete'
 */
export async function runBuild3(options: RunBuild3Options): Promise<Build3Run> {
  const started = Date.now();
  mkdirSync(options.logDir, { recursive: true });
  const stdoutLog = new CappedLog(join(options.logDir, 'build3-stdout.log'), 4 * 1024 * 1024);
  const stderrLog = new CappedLog(join(options.logDir, 'build3-stderr.log'), 4 * 1024 * 1024);
  const observed: string[] = [];
  const groups = new Set<number>();
  let lastStamp = '';
  let timedOut = false;
  let aborted = options.signal?.aborted ?? false;
  let interrupted: Build3Run['interrupted'] = null;
  let exitCode: number | null = null;
  let signal: string | null = null;
  let exited = false;

  const { child, pid, untrack } = spawnGroup(options.argv, { cwd: options.cwd, env: options.env, stdout: stdoutLog, stderr: stderrLog });

  const poll = () => {
    // The state first, then the process tree: a builder started before the state that names it is then always seen.
    const read = readPipelineState(options.stateFile);
    // A group seen earlier that has emptied is forgotten: its number may be reused by a group that is not Build 3's.
    const live = liveProcessGroups();
    if (live) for (const g of groups) if (!live.has(g)) groups.delete(g);
    if (pid !== undefined) for (const g of descendantGroups(pid)) groups.add(g);
    if (!read.ok) return;
    const state = read.state;
    if (observed.at(-1) !== state.current_state) observed.push(state.current_state);
    const stamp = `${state.updated_at}|${state.current_state}`;
    if (stamp !== lastStamp) {
      lastStamp = stamp;
      options.onState?.(state);
    }
    if (options.interrupt && !interrupted && !exited && pid !== undefined && options.interrupt.when(state)) {
      interrupted = { signal: options.interrupt.signal, at_state: state.current_state };
      try {
        process.kill(pid, options.interrupt.signal);
      } catch {
        // already gone
      }
    }
  };
  const timer = setInterval(poll, options.pollMs ?? 200);
  const deadline = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) void terminateProcessGroup(pid, 5000);
  }, options.timeoutMs ?? 600_000);
  const onAbort = () => {
    aborted = true;
    if (pid !== undefined) void terminateProcessGroup(pid, 5000);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Anything Build 3 started and left running (its own group, its builders' groups) is ended as soon as
  // it exits: a leftover holding its stdout or stderr would otherwise keep the run from ever ending.
  let leftovers: number[] = [];
  let reaping: Promise<unknown> | undefined;
  const reap = () => {
    poll();
    leftovers = [...(pid === undefined ? [] : [pid]), ...groups].filter((g) => isProcessGroupAlive(g));
    return Promise.all(leftovers.map((g) => terminateProcessGroup(g, 3000)));
  };
  child.once('exit', () => {
    exited = true; // no interrupt is sent to a pid that may be reused
    reaping = reap();
  });
  try {
    const result = await child;
    exitCode = result.exitCode ?? null;
    signal = (result.signal as string | undefined) ?? null;
    // It never ran (no such command, not executable): the reason goes where its stderr would have.
    if (exitCode === null && signal === null && typeof result.shortMessage === 'string') stderrLog.write(`${result.shortMessage}\n`);
  } finally {
    clearInterval(timer);
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
  }
  await (reaping ?? reap());
  untrack();
  await Promise.all([stdoutLog.close(), stderrLog.close()]);
  const final = readPipelineState(options.stateFile);
  return {
    argv: [...options.argv],
    exit_code: exitCode,
    signal,
    timed_out: timedOut,
    aborted,
    interrupted,
    duration_ms: Date.now() - started,
    observed_states: observed,
    final_state: final.ok ? final.state : null,
    state_error: final.ok ? null : final.error,
    leftover_groups: leftovers,
    stdout_file: stdoutLog.path,
    stderr_file: stderrLog.path,
    stderr_tail: stderrLog.tailText(),
  };
}
