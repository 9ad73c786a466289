import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builder timeout for tests that must hit one: far longer than a fixture needs to
 * start and do its work on two busy cores, so the timeout never fires first.
 */
export const GENEROUS_TIMEOUT_MS = 10_000;

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Command template running one of the fixture builders with this node. */
export function fixtureCommand(name: string, extra: string[] = []): string[] {
  return [process.execPath, join(FIXTURES, name), '--cwd', '{dir}', '--depth', '{depth}', ...extra];
}

const made: string[] = [];
export async function tempDir(prefix = 'br-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/**
 * Poll `condition` every 25 ms until it holds; throw naming `what` after
 * `timeoutMs` (generous by default: tests run on two busy cores, so they wait
 * for the condition instead of sleeping a fixed time).
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
