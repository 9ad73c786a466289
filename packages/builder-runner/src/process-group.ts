import { readdirSync, readFileSync } from 'node:fs';

/** Process ids (not zombies) whose process group is `pgid`, via /proc; null where /proc is unavailable. */
function groupMembersFromProc(pgid: number): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while scanning
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] = state, [1] = ppid, [2] = pgrp
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
  }
  return members;
}

/**
 * Whether any live (non-zombie) process remains in process group `pgid`.
 *
 * @example
 * if (isProcessGroupAlive(child.pid)) killProcessGroup(child.pid, 'SIGKILL');
 */
export function isProcessGroupAlive(pgid: number): boolean {
  const members = groupMembersFromProc(pgid);
  if (members !== null) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether one pid is alive and not a zombie.
 *
 * @example
 * isProcessAlive(12345); // false once it exited
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/**
 * Send a signal to every process of group `pgid`; false when none remained.
 *
 * @example
 * killProcessGroup(child.pid, 'SIGTERM');
 */
export function killProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Terminate a whole process group: SIGTERM, wait up to `graceMs` for it to
 * empty, then SIGKILL and wait (bounded) until no live member remains.
 * Resolves to true when the group is gone.
 *
 * @example
 * await terminateProcessGroup(child.pid, 2000);
 */
export async function terminateProcessGroup(pgid: number, graceMs: number): Promise<boolean> {
  if (!isProcessGroupAlive(pgid)) return true;
  killProcessGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isProcessGroupAlive(pgid)) return true;
    await sleep(50);
  }
  killProcessGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 100; i += 1) {
    if (!isProcessGroupAlive(pgid)) return true;
    await sleep(20);
  }
  return !isProcessGroupAlive(pgid);
}

const activeGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Remember a group so it is SIGKILLed if this process exits while it runs;
 * call the returned function once the group is gone.
 *
 * @example
 * const untrack = trackProcessGroup(child.pid);
 * try { await child; } finally { untrack(); }
 */
export function trackProcessGroup(pgid: number): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const group of activeGroups) killProcessGroup(group, 'SIGKILL');
    });
  }
  activeGroups.add(pgid);
  return () => activeGroups.delete(pgid);
}
