import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Directory names never descended into. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules', '.git', 'dist', 'build', 'coverage', 'data', '.data', '__pycache__', '.venv', 'venv',
  '.nx', '.cache', '.pytest_cache', '.mypy_cache', '.tox', '.next', '.turbo', 'out-tsc',
]);

const BINARY_EXT = /\.(png|jpe?g|gif|ico|webp|bmp|pdf|zip|gz|tgz|bz2|xz|7z|tar|wasm|so|dylib|dll|exe|bin|o|a|woff2?|ttf|otf|eot|db|sqlite3?|pyc|class|jar|mp[34]|mov|avi|map)$/i;
const SKIPPED_NAMES = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|[^/]*\.min\.js)$/;
/** Files larger than this are skipped (generated bundles, dumps). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A file found by the walker. */
export interface WalkedFile {
  /** Absolute path. */
  readonly absPath: string;
  /** Path relative to the root, forward slashes. */
  readonly path: string;
  readonly bytes: number;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/**
 * Build a predicate for `exclude` patterns: a plain path excludes itself and everything under it;
 * `*`, `**` and `?` are globs over the repo-relative path.
 *
 * @example
 * makeExcluder(['fixtures', '**\/*.gen.ts'])('fixtures/a.py'); // true
 */
export function makeExcluder(patterns: readonly string[] = []): (path: string) => boolean {
  const res = patterns.map((p) => globToRegExp(p.replace(/^\.\//, '').replace(/\/$/, '')));
  return (path) => res.some((re) => re.test(path));
}

async function looksBinary(absPath: string): Promise<boolean> {
  const handle = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/**
 * Walk `root` and list the text files worth scanning: skips node_modules, .git, dist, build, data dirs,
 * lock files, binaries and files over 1 MiB, and anything matching `exclude`.
 *
 * @example
 * const files = await walkFiles('/repo', { exclude: ['fixtures'] });
 */
export async function walkFiles(
  root: string,
  options: { exclude?: readonly string[]; maxFiles?: number } = {},
): Promise<{ files: WalkedFile[]; skipped: number }> {
  const excluded = makeExcluder(options.exclude);
  const maxFiles = options.maxFiles ?? 100_000;
  const files: WalkedFile[] = [];
  let skipped = 0;
  const stack = [root];
  while (stack.length > 0 && files.length < maxFiles) {
    const dir = stack.pop() as string;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (excluded(rel)) continue;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) stack.push(abs);
        continue;
      }
      if (!entry.isFile()) continue;
      if (BINARY_EXT.test(entry.name) || SKIPPED_NAMES.test(rel)) {
        skipped++;
        continue;
      }
      const { size } = await stat(abs);
      if (size > MAX_FILE_BYTES || (size > 0 && (await looksBinary(abs)))) {
        skipped++;
        continue;
      }
      files.push({ absPath: abs, path: rel, bytes: size });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
