import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const fixtures = path.join(here, 'fixtures');
export const repoRoot = path.resolve(here, '../../..');
export const dockerDir = path.join(repoRoot, 'docker');

/** Write files into a fresh temp dir and return their paths. */
export function tempFiles(files: Record<string, string>): { dir: string; paths: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-kit-test-'));
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = path.join(dir, name);
    writeFileSync(paths[name], text);
  }
  return { dir, paths };
}

/** Catch and return an error thrown by fn (fails the test if nothing is thrown). */
export async function caught<T extends Error>(fn: () => unknown): Promise<T> {
  try {
    await fn();
  } catch (error) {
    return error as T;
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * Docker gating for tests: returns true when an engine + compose answer. When
 * none does: inside CI it throws (the docker tests must fail loudly there);
 * outside CI it prints why and returns false so the caller skips.
 */
export async function dockerAvailableOrExplain(what: string): Promise<boolean> {
  const { detectEngine } = await import('../src/index.js');
  const engine = await detectEngine();
  if (engine.available) return true;
  if (process.env.CI) throw new Error(`CI is set but no Docker engine answers, so ${what} cannot run: ${engine.reason}. Start one with tools/docker-engine.sh and tools/compose-v2.sh.`);
  console.warn(`[compose-kit tests] skipping ${what}: ${engine.reason} (outside CI; start one with tools/docker-engine.sh)`);
  return false;
}

/** Whether a pid is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Health timeout for fixtures that must time out (a never-healthy service): far
 * longer than the healthy fixtures need to start on two busy cores, so only the
 * sick one is ever reported.
 */
export const NEVER_HEALTHY_TIMEOUT_MS = 10_000;

/**
 * Poll `condition` every 25 ms until it holds; throw naming `what` after
 * `timeoutMs` (generous by default: wait for the condition, never a fixed sleep).
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
