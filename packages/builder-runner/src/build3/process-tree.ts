import { readdirSync, readFileSync } from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
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
      out.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]) });
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
