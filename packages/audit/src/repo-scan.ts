import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.nx', 'coverage', '.run4', '.test-results', 'tmp']);
const EXTENSIONS = /\.(ts|tsx|js|mjs|cjs|json|md|ya?ml)$/;
/** A seed requirement id: SC-01, B1-07, X-10, R4-M3-002. */
export const REQUIREMENT_ID_RE = /\b(?:SC-0\d|B[123]-\d{2}|X-\d{2}|R4-M\d-\d{3})\b/g;

export interface RepoScanOptions {
  /** A file naming more distinct ids than this is a catalog (like the requirement list itself), not an implementation. Default 20. */
  catalogThreshold?: number;
  /** Files larger than this are skipped. Default 512 KiB. */
  maxFileBytes?: number;
  /** At most this many files are read. Default 5000. */
  maxFiles?: number;
}

/**
 * Walk `root` (skipping node_modules, .git, dist, .nx, coverage, .run4) and
 * map each requirement id to the source/doc files that mention it. Files
 * mentioning more than `catalogThreshold` distinct ids are catalogs and
 * are left out. Paths are relative to `root`, with forward slashes.
 *
 * @example
 * const byId = await scanRepoForRequirementIds('/work/main');
 * byId.get('R4-M5-005'); // ['packages/fix-loop/src/stop-rules.ts', ...]
 */
export async function scanRepoForRequirementIds(root: string, options: RepoScanOptions = {}): Promise<Map<string, string[]>> {
  const threshold = options.catalogThreshold ?? 20;
  const maxBytes = options.maxFileBytes ?? 512 * 1024;
  const maxFiles = options.maxFiles ?? 5000;
  const out = new Map<string, string[]>();
  const files: string[] = [];
  const stack = [root];
  while (stack.length > 0 && files.length < maxFiles) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(join(dir, entry.name));
      } else if (entry.isFile() && EXTENSIONS.test(entry.name) && files.length < maxFiles) files.push(join(dir, entry.name));
    }
  }
  const BATCH = 32;
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const found = await Promise.all(
      batch.map(async (full) => {
        try {
          if ((await stat(full)).size > maxBytes) return null;
          return { full, ids: new Set((await readFile(full, 'utf8')).match(REQUIREMENT_ID_RE) ?? []) };
        } catch {
          return null;
        }
      }),
    );
    for (const hit of found) {
      if (!hit || hit.ids.size === 0 || hit.ids.size > threshold) continue;
      const rel = relative(root, hit.full).split(sep).join('/');
      for (const id of hit.ids) out.set(id, [...(out.get(id) ?? []), rel]);
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}
