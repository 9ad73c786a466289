import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** relative path (`/`-separated) → content fingerprint. */
export type DirSnapshot = Map<string, string>;

/**
 * Fingerprint every file under `root` (size + sha1 of the content). Bounded
 * by `maxFiles` so a runaway tree cannot exhaust memory.
 *
 * @example
 * const before = await snapshotDir('/tmp/builders');
 */
export async function snapshotDir(root: string, maxFiles = 20_000): Promise<DirSnapshot> {
  const snap: DirSnapshot = new Map();
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (snap.size >= maxFiles) return;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        const rel = relative(root, full).split(sep).join('/');
        try {
          const info = await stat(full);
          const hash = info.size <= 8 * 1024 * 1024 ? createHash('sha1').update(await readFile(full)).digest('hex') : `mtime:${info.mtimeMs}`;
          snap.set(rel, `${info.size}:${hash}`);
        } catch {
          /* vanished while walking */
        }
      }
    }
  };
  await walk(root);
  return snap;
}

/**
 * Paths added, changed or removed between two snapshots.
 *
 * @example
 * const { added, changed, removed } = diffSnapshots(before, await snapshotDir('/tmp/builders'));
 */
export function diffSnapshots(before: DirSnapshot, after: DirSnapshot): { added: string[]; changed: string[]; removed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [path, print] of after) {
    const old = before.get(path);
    if (old === undefined) added.push(path);
    else if (old !== print) changed.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) removed.push(path);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}
