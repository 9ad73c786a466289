import { readFileSync, readdirSync } from 'node:fs';

/** State letter and process group of one pid from /proc/<pid>/stat; null when unreadable. */
function readStat(pid: string | number): { state: string; pgrp: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited, or no /proc
  }
  // after "pid (comm) ": state ppid pgrp ...
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
}

const isZombie = (state: string) => state === 'Z' || state === 'X';

/** Live (non-zombie) members of process group `pgid`, via /proc; null where /proc is unavailable. */
function groupMembers(pgid: number): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.pgrp === pgid && !isZombie(stat.state)) members.push(Number(entry));
  }
  return members;
}

/**
 * Whether one pid is alive and not a zombie.
 *
 * @example
 * isProcessAlive(child.pid); // false once it exited, even before it is reaped
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readStat(pid);
  return stat === null || !isZombie(stat.state);
}

/**
 * Whether any live (non-zombie) process is left in process group `pgid`
 * (on Linux read from /proc, elsewhere by signal 0).
 *
 * @example
 * if (isProcessGroupAlive(child.pid)) signalProcessGroup(child.pid, 'SIGKILL');
 */
export function isProcessGroupAlive(pgid: number): boolean {
  const members = groupMembers(pgid);
  if (members !== null) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Send a signal to every process of group `pgid` (a child spawned with
 * `detached: true` leads its own group, pgid = its pid, and everything it
 * starts joins it); false when none was left.
 *
 * @example
 * signalProcessGroup(child.pid, 'SIGSTOP');
 */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, signal);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wait until group `pgid` is empty or `ms` passed; true when it is empty.
 *
 * @example
 * await waitProcessGroupGone(child.pid, 2000);
 */
export async function waitProcessGroupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isProcessGroupAlive(pgid)) return true;
    await sleep(25);
  }
  return !isProcessGroupAlive(pgid);
}

/**
 * End a whole process group: SIGTERM (and SIGCONT, so a stopped member acts
 * on it), up to `graceMs` for it to empty, then SIGKILL and a bounded wait
 * (5 s). Resolves to true when no member is left.
 *
 * @example
 * await terminateProcessGroup(child.pid, 2000);
 */
export async function terminateProcessGroup(pgid: number, graceMs: number): Promise<boolean> {
  if (!isProcessGroupAlive(pgid)) return true;
  signalProcessGroup(pgid, 'SIGTERM');
  signalProcessGroup(pgid, 'SIGCONT');
  if (await waitProcessGroupGone(pgid, graceMs)) return true;
  signalProcessGroup(pgid, 'SIGKILL');
  return waitProcessGroupGone(pgid, 5000);
}

const tracked = new Set<number>();
const HOOKED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let exitHook: (() => void) | undefined;
let signalHook: ((signal: NodeJS.Signals) => void) | undefined;

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function killTrackedNow(): void {
  for (const pgid of tracked) signalProcessGroup(pgid, 'SIGKILL');
  tracked.clear();
}

/**
 * On a signal nobody else handles, the process would die without an `exit`
 * event: end the tracked groups (SIGTERM, up to 1 s, SIGKILL), then let the
 * signal take its default course. When the host installed its own handler,
 * it owns shutdown (and the `exit` hook covers `process.exit`).
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  const groups = [...tracked];
  for (const pgid of groups) {
    signalProcessGroup(pgid, 'SIGTERM');
    signalProcessGroup(pgid, 'SIGCONT');
  }
  const deadline = Date.now() + 1000;
  while (groups.some(isProcessGroupAlive) && Date.now() < deadline) blockFor(25);
  killTrackedNow();
  uninstallHooks();
  process.kill(process.pid, signal);
}

function installHooks(): void {
  if (exitHook) return;
  exitHook = killTrackedNow;
  signalHook = onSignal;
  process.on('exit', exitHook);
  for (const s of HOOKED_SIGNALS) process.on(s, signalHook);
}

function uninstallHooks(): void {
  if (exitHook) process.off('exit', exitHook);
  if (signalHook) for (const s of HOOKED_SIGNALS) process.off(s, signalHook);
  exitHook = undefined;
  signalHook = undefined;
}

/**
 * Remember a running process group so it is SIGKILLed if this process exits
 * (or is stopped by a SIGINT/SIGTERM/SIGHUP nobody else handles) while the
 * group still runs. Call the returned function once the group is gone; the
 * hooks are removed when no group is tracked.
 *
 * @example
 * const untrack = trackProcessGroup(child.pid);
 * await terminateProcessGroup(child.pid, 2000);
 * untrack();
 */
export function trackProcessGroup(pgid: number): () => void {
  tracked.add(pgid);
  installHooks();
  return () => {
    tracked.delete(pgid);
    if (tracked.size === 0) uninstallHooks();
  };
}

/**
 * Process groups this process tracks and has not yet seen end.
 *
 * @example
 * trackedProcessGroups(); // [] once every tracked child was untracked
 */
export function trackedProcessGroups(): number[] {
  return [...tracked];
}
