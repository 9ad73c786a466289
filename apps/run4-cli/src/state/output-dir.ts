import { lstatSync, mkdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Run4Error } from '@run4/checks';

/** The output directory (or a file Run 4 must write) cannot be used: exit 2, one line. */
export class OutputPathError extends Run4Error {
  readonly path: string;
  constructor(what: string, target: string, why: string, fix: string) {
    super(`${what} ${target}: ${why} (fix: ${fix})`, { code: 'OUTPUT_PATH', exitCode: 2 });
    this.path = target;
  }
}

const errno = (error: unknown): string => (error as NodeJS.ErrnoException)?.code ?? 'error';

function explain(error: unknown): string {
  const code = errno(error);
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a parent is a file, not a directory',
    EISDIR: 'is a directory',
    ENOENT: 'the file system refuses to create it',
    EEXIST: 'already exists',
  };
  return `${known[code] ?? (error as Error)?.message ?? String(error)} (${code})`;
}

/** How the user sets the path: the flag named in `what`, else the output dir's flag and config key. */
const flagOf = (what: string): string => (what.startsWith('--') && what !== '--output-dir' ? what : '--output-dir or output_dir in the config');

/** The first ancestor of `target` (itself included) that exists, and whether it is a directory. */
function existingAncestor(target: string): { path: string; isDir: boolean } {
  let current = target;
  for (;;) {
    try {
      return { path: current, isDir: statSync(current).isDirectory() };
    } catch (error) {
      if (errno(error) === 'ENOTDIR') {
        // a component above is a file: keep climbing to name it
      } else if (errno(error) !== 'ENOENT') {
        return { path: current, isDir: false };
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return { path: current, isDir: true };
    current = parent;
  }
}

/**
 * Check, without creating anything, that `dir` is (or can become) a
 * directory: a path that is a file or lies under a file is refused. Returns
 * whether the directory exists.
 *
 * @example
 * if (!checkOutputDir('.run4', '--output-dir')) console.log('no run yet');
 */
export function checkOutputDir(dir: string, what = 'output directory'): boolean {
  const target = path.resolve(dir);
  const found = existingAncestor(target);
  if (!found.isDir) {
    const why = found.path === target ? 'is a file, not a directory' : `${found.path} is a file, not a directory`;
    throw new OutputPathError(what, target, why, `pass a directory path with ${flagOf(what)}`);
  }
  return found.path === target;
}

/**
 * Create the output directory (parents included) and prove it is writable
 * by writing and removing a probe file. Any failure is an OutputPathError
 * (exit 2) naming the path, the reason and the fix, and directories this
 * call created are removed again: nothing is left half-made.
 *
 * Node's recursive `mkdirSync` loops forever on procfs (`mkdir` answers
 * ENOENT under /proc), so the directories are created one level at a time.
 *
 * @example
 * prepareOutputDir('/tmp/run4-out'); // '/tmp/run4-out', exists and is writable
 */
export function prepareOutputDir(dir: string, what = 'output directory'): string {
  const target = path.resolve(dir);
  checkOutputDir(target, what);
  const missing: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    try {
      lstatSync(current);
      break;
    } catch {
      missing.unshift(current);
      if (path.dirname(current) === current) break;
    }
  }
  const created: string[] = [];
  const undo = () => {
    for (const d of created.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // leave what we cannot remove
      }
    }
  };
  const fix = `choose a writable directory with ${flagOf(what)}`;
  for (const d of missing) {
    try {
      mkdirSync(d);
      created.push(d);
    } catch (error) {
      undo();
      throw new OutputPathError(what, target, `cannot create ${d}: ${explain(error)}`, fix);
    }
  }
  const probe = path.join(target, `.run4-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    undo();
    throw new OutputPathError(what, target, `is not writable: ${explain(error)}`, fix);
  }
  return target;
}

/**
 * Write a file a command was asked to write (e.g. `run4 init`), turning
 * file-system errors into one line with exit 2.
 *
 * @example
 * writeUserFile('run4.config.yaml', text, 'config file');
 */
export function writeUserFile(file: string, text: string, what: string): void {
  const target = path.resolve(file);
  const parent = existingAncestor(path.dirname(target));
  if (!parent.isDir) throw new OutputPathError(what, target, `${parent.path} is a file, not a directory`, 'pass a path inside a directory');
  if (parent.path !== path.dirname(target)) throw new OutputPathError(what, target, `the directory ${path.dirname(target)} does not exist`, 'create it first or pass another path');
  try {
    if (statSync(target).isDirectory()) throw new OutputPathError(what, target, 'is a directory', 'pass a file path (--config <file>)');
  } catch (error) {
    if (error instanceof OutputPathError) throw error;
  }
  // write beside it, then rename: a failure leaves neither a partial file nor a damaged original
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was created
    }
    throw new OutputPathError(what, target, `cannot write: ${explain(error)}`, 'pass a writable location (--config <file>)');
  }
}
