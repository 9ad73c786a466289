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
