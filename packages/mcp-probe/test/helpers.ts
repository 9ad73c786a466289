import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ResolvedServer } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A stdio server entry that runs one of the test fixtures with node. */
export function fixtureServer(file: 'broken-server.mjs' | 'configurable-server.mjs' | 'build1-fake-server.mjs', name: string, env: Record<string, string> = {}): Extract<ResolvedServer, { transport: 'stdio' }> {
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
