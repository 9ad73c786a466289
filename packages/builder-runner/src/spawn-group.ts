import { trackProcessGroup } from '@run4/checks';
import { execa, type ResultPromise } from 'execa';
import type { CappedLog } from './capped-log.js';

/** A command started in a process group of its own, with its output going to two capped logs. */
export interface SpawnedGroup {
  child: ResultPromise<{ detached: true; stdin: 'ignore'; stdout: 'pipe'; stderr: 'pipe'; buffer: false; reject: false }>;
  /** The child's pid, which is also its process group id (undefined when it could not be spawned). */
  pid: number | undefined;
  /** Stop tracking the group for Ctrl+C cleanup (call once it is gone). */
  untrack: () => void;
}

/**
 * Spawn `argv` detached (its own process group, no shell, stdin closed),
 * stream stdout and stderr into `logs`, and track the group so a Ctrl+C of
 * the run ends it. Never rejects: the caller awaits `child` for the result.
 * The one spawn of every builder and Build 3 the runner starts.
 *
 * @example
 * const { child, pid, untrack } = spawnGroup(['node', 'builder.js'], { cwd: dir, stdout: outLog, stderr: errLog });
 * const result = await child; untrack();
 */
export function spawnGroup(argv: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv | undefined; stdout: CappedLog; stderr: CappedLog }): SpawnedGroup {
  const child = execa(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    detached: true,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    env: options.env,
  });
  const pid = child.pid;
  const untrack = pid === undefined ? () => undefined : trackProcessGroup(pid);
  child.stdout?.on('data', (chunk: Buffer) => options.stdout.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => options.stderr.write(chunk));
  return { child, pid, untrack };
}
