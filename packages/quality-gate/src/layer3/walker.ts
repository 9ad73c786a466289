import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Directory names never descended into. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules', '.git', 'dist', 'build', 'coverage', 'data', '.data', '__pycache__', '.venv', 'venv',
  '.nx', '.cache', '.pytest_cache', '.mypy_cache', '.tox', '.next', '.turbo', 'out-tsc',
  // a seed builder's own state directory (STATE.json, logs, the Contract Engine's generated tests): build metadata, not the service's code
  '.agent-team',
]);

const BINARY_EXT = /\.(png|jpe?g|gif|ico|webp|bmp|pdf|zip|gz|tgz|bz2|xz|7z|tar|wasm|so|dylib|dll|exe|bin|o|a|woff2?|ttf|otf|eot|db|sqlite3?|pyc|class|jar|mp[34]|mov|avi|map)$/i;
const SKIPPED_NAMES = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|[^/]*\.min\.js)$/;
/** Files larger than this are not parsed by the code rules (generated bundles, dumps): Layer 3 scans them for secrets in streaming chunks. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Files larger than this are not read at all (and are listed as not analysed). */
export const MAX_STREAMED_BYTES = 256 * 1024 * 1024;

/** A file found by the walker. */
export interface WalkedFile {
  /** Absolute path. */
  readonly absPath: string;
  /** Path relative to the root, forward slashes. */
  readonly path: string;
  readonly bytes: number;
  /** Text encoding (UTF-16 files are recognised by their byte order mark); default utf8. */
  readonly encoding?: 'utf8' | 'utf16le' | 'utf16be';
  /** Over {@link MAX_FILE_BYTES}: only the streaming secrets scan reads it. */
  readonly large?: boolean;
}

/** A file (or directory) the walker could not hand to the scanners, and why. */
export interface UnreadFile {
  /** Path relative to the root, forward slashes. */
  readonly file_path: string;
  readonly reason: string;
  readonly coverage: 'none';
}

/** What {@link walkFiles} found. */
export interface WalkResult {
  readonly files: WalkedFile[];
  /** Files skipped by policy (binary extensions, lock files, minified bundles, symbolic links). */
  readonly skipped: number;
  /** The same, counted per reason. */
  readonly skippedBy: Record<string, number>;
  /** Blind spots: binaries without a binary extension, unreadable files and directories, a file limit hit. */
  readonly notRead: UnreadFile[];
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

/** Sniff the first 4 KB: UTF-16 (by BOM) is text, other content with a NUL byte is binary. */
async function sniff(absPath: string): Promise<'utf8' | 'utf16le' | 'utf16be' | 'binary'> {
  const handle = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
    if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
    return head.includes(0) ? 'binary' : 'utf8';
  } finally {
    await handle.close();
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Walk `root` and list the text files worth scanning: skips node_modules, .git, dist, build, data dirs,
 * lock files, files with a binary extension and anything matching `exclude` (counted in `skippedBy`).
 * Files with a NUL byte in their first 4 KB (and no UTF-16 byte order mark), unreadable files and
 * directories, and files over {@link MAX_STREAMED_BYTES} are listed in `notRead` with the reason; files
 * over {@link MAX_FILE_BYTES} are listed there too, or returned with `large: true` under `includeLarge`.
 *
 * @example
 * const { files, notRead } = await walkFiles('/repo', { exclude: ['fixtures'] });
 */
export async function walkFiles(
  root: string,
  options: { exclude?: readonly string[]; maxFiles?: number; /** Return files over 1 MiB (flagged `large`) instead of listing them in `notRead`. */ includeLarge?: boolean } = {},
): Promise<WalkResult> {
  const excluded = makeExcluder(options.exclude);
  const maxFiles = options.maxFiles ?? 100_000;
  const files: WalkedFile[] = [];
  const skippedBy: Record<string, number> = {};
  const notRead: UnreadFile[] = [];
  const skip = (why: string): void => {
    skippedBy[why] = (skippedBy[why] ?? 0) + 1;
  };
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    const relDir = relative(root, dir).split(sep).join('/');
    if (files.length >= maxFiles) {
      notRead.push({ file_path: relDir || '.', reason: `not walked: the limit of ${maxFiles} files was reached`, coverage: 'none' });
      continue;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      notRead.push({ file_path: relDir || '.', reason: `directory could not be read (${errorCode(error)})`, coverage: 'none' });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (excluded(rel)) continue;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) stack.push(abs);
        continue;
      }
      if (entry.isSymbolicLink()) {
        skip('symbolic link');
        continue;
      }
      if (!entry.isFile()) continue;
      if (BINARY_EXT.test(entry.name)) {
        skip('binary extension');
        continue;
      }
      if (SKIPPED_NAMES.test(rel)) {
        skip('lock file or minified bundle');
        continue;
      }
      if (files.length >= maxFiles) {
        notRead.push({ file_path: rel, reason: `not read: the limit of ${maxFiles} files was reached`, coverage: 'none' });
        continue;
      }
      try {
        const { size } = await stat(abs);
        if (size > MAX_STREAMED_BYTES) {
          notRead.push({ file_path: rel, reason: `too large to read (${(size / 1024 / 1024).toFixed(0)} MiB, limit ${MAX_STREAMED_BYTES / 1024 / 1024} MiB)`, coverage: 'none' });
          continue;
        }
        if (size > MAX_FILE_BYTES && !options.includeLarge) {
          notRead.push({ file_path: rel, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`, coverage: 'none' });
          continue;
        }
        const kind = size > 0 ? await sniff(abs) : 'utf8';
        if (kind === 'binary') {
          notRead.push({ file_path: rel, reason: 'binary content (a NUL byte in the first 4 KB)', coverage: 'none' });
          continue;
        }
        files.push({ absPath: abs, path: rel, bytes: size, ...(kind !== 'utf8' ? { encoding: kind } : {}), ...(size > MAX_FILE_BYTES ? { large: true } : {}) });
      } catch (error) {
        notRead.push({ file_path: rel, reason: `could not be read (${errorCode(error)})`, coverage: 'none' });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  notRead.sort((a, b) => (a.file_path < b.file_path ? -1 : 1));
  const skipped = Object.values(skippedBy).reduce((n, v) => n + v, 0);
  return { files, skipped, skippedBy, notRead };
}
