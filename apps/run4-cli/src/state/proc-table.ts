import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One live process as /proc/<pid>/stat describes it. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot (field 22): with the pid, it names one process for good. */
  startTicks: number;
}

/**
 * pid, parent, group and start time of a live process from /proc/<pid>/stat,
 * or null when it is gone or a zombie (which holds nothing and cannot be
 * signalled away).
 *
 * @example
 * procStat(process.pid)?.pgid; // this process's group
 */
export function procStat(pid: number): ProcEntry | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // the command (field 2) is in parentheses and may contain spaces: count fields after its last ')'
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (rest[0] === 'Z' || rest[0] === 'X') return null;
  return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), startTicks: Number(rest[19]) };
}

/**
 * Every live process of this machine (an empty list where /proc is missing).
 *
 * @example
 * procTable().filter((p) => p.ppid === process.pid); // this process's children
 */
export function procTable(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = procStat(Number(name));
    if (entry) out.push(entry);
  }
  return out;
}

/**
 * The live descendants of `root` (children, grandchildren, ...), found by
 * following parent links in one table read.
 *
 * @example
 * descendantsOf(process.pid, procTable()).length; // 0 when nothing was started
 */
export function descendantsOf(root: number, table: ProcEntry[]): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const p of table) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcEntry[] = [];
  const queue = [root];
  const seen = new Set<number>([root]);
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/**
 * The command line of a process (empty when it is gone or unreadable).
 *
 * @example
 * procArgv(process.pid)[0]; // the node binary
 */
export function procArgv(pid: number): string[] {
  try {
    const parts = readFileSync(`/proc/${pid}/cmdline`).toString('utf8').split('\0');
    if (parts.at(-1) === '') parts.pop();
    return parts;
  } catch {
    return [];
  }
}

/**
 * The working directory of a process ('' when it is gone or unreadable).
 *
 * @example
 * procCwd(process.pid) === process.cwd(); // true
 */
export function procCwd(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

/**
 * Whether a process's environment holds exactly `entry` (`NAME=value`);
 * false when it is gone or not ours to read.
 *
 * @example
 * environHas(pid, 'RUN4_OWNER_TOKEN=...');
 */
export function environHas(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`).toString('latin1').split('\0').includes(entry);
  } catch {
    return false;
  }
}
