import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolvedServer } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A stdio server entry that runs one of the test fixtures with node. */
export function fixtureServer(file: 'broken-server.mjs' | 'configurable-server.mjs' | 'build1-fake-server.mjs' | 'side-effect-server.mjs' | 'pipeline-server.mjs', name: string, env: Record<string, string> = {}): Extract<ResolvedServer, { transport: 'stdio' }> {
  return { name, transport: 'stdio', command: process.execPath, args: [`${here}fixtures/${file}`], env, cwd: here };
}

/** A third-party server installed from npm (started from its package's bin). */
export function npmServer(pkg: 'server-everything' | 'server-memory', name: string, env: Record<string, string> = {}): Extract<ResolvedServer, { transport: 'stdio' }> {
  const args = [`${ROOT}node_modules/@modelcontextprotocol/${pkg}/dist/index.js`];
  if (pkg === 'server-everything') args.push('stdio');
  return { name, transport: 'stdio', command: process.execPath, args, env, cwd: ROOT };
}

/** Pids of this process's live children (the probe must leave none behind). */
export function childPids(): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([pid, stat, comm]) => pid && stat && !stat.startsWith('Z') && comm !== 'ps')
      .map(([pid]) => Number(pid))
      .filter((pid) => pid > 0);
  } catch {
    return [];
  }
}

/** Wait until `fn` is true or the deadline passes. */
export async function waitFor(fn: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return fn();
}

/** Live (non-zombie) pids of process group `pgid`, read from /proc. */
export function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') pids.push(Number(entry));
    } catch {
      /* exited while scanning */
    }
  }
  return pids;
}

/** Process group of a live pid (null once it is gone). */
export function pgidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/** A stdio server that is a `sh -c` wrapper around a node child that never answers `initialize`. */
export function silentWrapperServer(name: string, pidFile: string, ignoreTerm = false): Extract<ResolvedServer, { transport: 'stdio' }> {
  const script = `"${process.execPath}" "${here}fixtures/silent-server.mjs"; echo wrapper-done`;
  return { name, transport: 'stdio', command: 'sh', args: ['-c', script], env: { SILENT_PID_FILE: pidFile, ...(ignoreTerm ? { SILENT_IGNORE_TERM: '1' } : {}) }, cwd: here };
}

/** The npm server-filesystem, allowed to work in `dir` only (its argument), started in `dir`. */
export function filesystemServer(name: string, dir: string): Extract<ResolvedServer, { transport: 'stdio' }> {
  return { name, transport: 'stdio', command: process.execPath, args: [`${ROOT}node_modules/@modelcontextprotocol/server-filesystem/dist/index.js`, dir], env: {}, cwd: dir };
}

/** A PRD of no particular stack, for tests whose architect is a stand-in. */
export const TEST_PRD = `# Library Lending — Product Requirements Document

## Services

| Service | Responsibility | Owns entity |
|---|---|---|
| catalog-service | Books and their copies | Book |
| loan-service | Loans of copies to members, due dates, returns | Loan |

A Loan references a Book.
`;
