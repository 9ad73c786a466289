import { execFile } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The process group of a pid (from /proc), or null when it is gone. */
function pgidOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/**
 * PIDs of processes working in a scratch dir: their command line mentions
 * it (builders), or their working directory is inside it (whatever a
 * builder started there, such as the service its tests run). Never this
 * process.
 *
 * @example
 * const left = await processesWorkingIn('/tmp/run/scratch'); // [] once everything ended
 */
export async function processesWorkingIn(dir: string): Promise<number[]> {
  const stdout = await run('ps', ['-eo', 'pid=,args='], { maxBuffer: 64 * 1024 * 1024 }).then((r) => r.stdout, () => '');
  const lines = stdout.split('\n');
  const byArgs = lines.filter((l) => l.includes(dir) && !l.includes('ps -eo')).map((l) => Number(l.trim().split(/\s+/)[0]));
  const byCwd = lines.map((l) => Number(l.trim().split(/\s+/)[0])).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
    } catch {
      return false;
    }
  });
  return [...new Set([...byArgs, ...byCwd])].filter((n) => Number.isInteger(n) && n > 0 && n !== process.pid);
}

/**
 * SIGKILL left-over processes and their process groups (never this
 * process's own group).
 *
 * @example
 * reapProcesses(await processesWorkingIn('/tmp/run/scratch'));
 */
export function reapProcesses(pids: readonly number[]): void {
  const own = pgidOf(process.pid);
  for (const pid of pids) {
    const group = pgidOf(pid);
    try {
      if (group && group !== own && group > 1) process.kill(-group, 'SIGKILL');
      else process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
