import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
