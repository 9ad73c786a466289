import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { OWNER_ENV, type OwnedProcesses } from './owned-processes.js';
import { descendantsOf, procArgv, procCwd, procTable } from './proc-table.js';

/** Node's built-in channel: told of every ChildProcess this process creates (child_process.spawn, exec, execa, ...). */
const CHILD_PROCESS_CHANNEL = 'child_process';

/** How the recorder works; the defaults suit a run. */
export interface ChildRecorderOptions {
  /** How often the census of descendants runs, ms (default 1000). */
  scanIntervalMs?: number;
  /** Told when a write to owned.json fails (the run goes on; what was not recorded cannot be reaped later). */
  onError?: (message: string) => void;
}

/**
 * Record in owned.json every process this run4 process starts, whichever
 * package starts it, so a later `run4 clean` / `resume` reaps what a
 * `kill -9` of the run left (builders, MCP servers, their grandchildren):
 *
 * - every child process, the moment it is spawned (Node's `child_process`
 *   diagnostics channel: no package has to know about owned.json); a child
 *   that leads its own process group (builders, MCP servers, services)
 *   makes that whole group the run's;
 * - a run token put in this process's environment ({@link OWNER_ENV}) and
 *   recorded first: every descendant that inherits the environment is the
 *   run's, even one that left its group (a daemon of a builder's tests);
 * - a census of this process's descendants every `scanIntervalMs`, which
 *   records grandchildren too, and drops entries nothing is left of.
 *
 * Returns the function that stops recording (after a last prune; whatever
 * still lives stays recorded for the next `run4 clean`).
 *
 * @example
 * const stop = recordOwnedChildren(new OwnedProcesses('.run4'));
 * try { await runMilestones(); } finally { stop(); }
 */
export function recordOwnedChildren(ledger: OwnedProcesses, options: ChildRecorderOptions = {}): () => void {
  const report = (error: unknown) => options.onError?.(`could not record a started process in ${ledger.file}: ${(error as Error).message}`);
  const token = randomUUID();
  ledger.recordRunToken(token);
  const previousToken = process.env[OWNER_ENV];
  process.env[OWNER_ENV] = token;

  const onChild = (message: unknown) => {
    const child = (message as { process?: ChildProcess }).process;
    // 'spawn' is emitted once the child exists (exec done), before any of its output is read
    child?.once('spawn', () => {
      if (child.pid === undefined) return;
      try {
        ledger.recordProcesses([{ pid: child.pid, via: 'spawned', argv: child.spawnargs, cwd: procCwd(child.pid) }]);
      } catch (error) {
        report(error);
      }
    });
  };
  subscribe(CHILD_PROCESS_CHANNEL, onChild);

  const seen = new Set<string>();
  const census = (final = false) => {
    try {
      const found = descendantsOf(process.pid, procTable()).filter((p) => !seen.has(`${p.pid}:${p.startTicks}`));
      for (const p of found) seen.add(`${p.pid}:${p.startTicks}`);
      ledger.recordProcesses(found.map((p) => ({ pid: p.pid, via: 'descendant' as const, argv: procArgv(p.pid), cwd: procCwd(p.pid) })));
      ledger.prune({ final });
    } catch (error) {
      report(error);
    }
  };
  const timer = setInterval(() => census(), options.scanIntervalMs ?? 1000);
  timer.unref();

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unsubscribe(CHILD_PROCESS_CHANNEL, onChild);
    census(true);
    if (previousToken === undefined) delete process.env[OWNER_ENV];
    else process.env[OWNER_ENV] = previousToken;
  };
}
