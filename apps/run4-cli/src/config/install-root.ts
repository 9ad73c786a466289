import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of this Run 4 installation (the monorepo root holding the
 * embedded reference stack). Built-in config defaults resolve against it so
 * `run4 run` verifies the reference stack from any working directory.
 *
 * @example
 * findInstallRoot(); // '/home/me/run4'
 */
export function findInstallRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json')) && existsSync(path.join(dir, 'apps'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
