import { readdirSync, readFileSync } from 'node:fs';

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
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while scanning
    }
    // after "pid (comm) ": state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
  }
  return members;
}

/**
 * Whether any live (non-zombie) process is left in process group `pgid`.
 *
 * @example
 * if (isGroupAlive(pid)) signalGroup(pid, 'SIGKILL');
 */
export function isGroupAlive(pgid: number): boolean {
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
 * Send a signal to every process of group `pgid` (a server spawned in its
 * own group and everything it started); false when none was left.
 *
 * @example
 * signalGroup(pid, 'SIGSTOP');
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
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
 * await waitGroupGone(pid, 2000);
 */
export async function waitGroupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isGroupAlive(pgid)) return true;
    await sleep(25);
  }
  return !isGroupAlive(pgid);
}

/**
 * End a whole process group: SIGTERM, up to `graceMs` for it to empty, then
 * SIGKILL and a bounded wait. Resolves to true when no member is left.
 *
 * @example
 * await terminateGroup(pid, 2000);
 */
export async function terminateGroup(pgid: number, graceMs: number): Promise<boolean> {
  if (!isGroupAlive(pgid)) return true;
  signalGroup(pgid, 'SIGTERM');
  // a stopped process (SIGSTOP) only acts on SIGTERM once continued
  signalGroup(pgid, 'SIGCONT');
  if (await waitGroupGone(pgid, graceMs)) return true;
  signalGroup(pgid, 'SIGKILL');
  return waitGroupGone(pgid, 5000);
}

const tracked = new Set<number>();
const HOOKED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let exitHook: (() => void) | undefined;
let signalHook: ((signal: NodeJS.Signals) => void) | undefined;

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function killTrackedNow(): void {
  for (const pgid of tracked) signalGroup(pgid, 'SIGKILL');
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
    signalGroup(pgid, 'SIGTERM');
    signalGroup(pgid, 'SIGCONT');
  }
  const deadline = Date.now() + 1000;
  while (groups.some(isGroupAlive) && Date.now() < deadline) blockFor(25);
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
 * (or is stopped by a signal nobody handles) while the group still runs.
 * Call the returned function once the group is gone.
 *
 * @example
 * const untrack = trackGroup(child.pid);
 * await terminateGroup(child.pid, 2000);
 * untrack();
 */
export function trackGroup(pgid: number): () => void {
  tracked.add(pgid);
  installHooks();
  return () => {
    tracked.delete(pgid);
    if (tracked.size === 0) uninstallHooks();
  };
}

/**
 * Process groups this process started and has not yet seen end.
 *
 * @example
 * trackedGroups(); // [] once every probe session is closed
 */
export function trackedGroups(): number[] {
  return [...tracked];
}
