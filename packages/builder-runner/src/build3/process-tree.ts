import { existsSync, readdirSync, readFileSync } from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

function readProc(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === 'Z' || fields[0] === 'X' });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * The process groups of every descendant of `pid` (children, grandchildren,
 * …), read from /proc; empty where /proc is not available. A Build 3 puts
 * its builders in their own groups: these are what a kill -9 of it leaves.
 *
 * @example
 * const groups = descendantGroups(child.pid); // e.g. [4242, 4250]
 */
export function descendantGroups(pid: number): number[] {
  const procs = readProc();
  const children = new Map<number, ProcEntry[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const groups = new Set<number>();
  const queue = [pid];
  const seen = new Set<number>(queue);
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      if (seen.has(c.pid)) continue;
      seen.add(c.pid);
      groups.add(c.pgid);
      queue.push(c.pid);
    }
  }
  groups.delete(0);
  return [...groups];
}

/**
 * The process groups that still have a live (non-zombie) member, from one
 * read of /proc; null where /proc is not available. A group that emptied may
 * have its number reused by an unrelated group later: what is not in this
 * set is no longer Build 3's to end.
 *
 * @example
 * liveProcessGroups()?.has(4250); // false once every member of group 4250 ended
 */
export function liveProcessGroups(): Set<number> | null {
  if (!existsSync('/proc/self/stat')) return null;
  return new Set(readProc().filter((p) => !p.zombie).map((p) => p.pgid));
}
