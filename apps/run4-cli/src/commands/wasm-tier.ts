import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { IGNORED_DIRS } from '@run4/quality-gate';

/** Source (what tree-sitter parses) below which a project counts as small: about 7,000 lines. */
export const SMALL_SOURCE_BYTES = 256 * 1024;
/** Directory entries looked at before giving up and calling the project large. */
const MAX_ENTRIES = 20_000;
const PARSED_SOURCE = /\.(py|[mc]?[jt]sx?|go|java)$/;

/**
 * Whether `dir` holds less than `limitBytes` of source code the gate parses
 * (Python, JavaScript, TypeScript, Go, Java), outside the directories the
 * gate's walker skips. Stops counting as soon as the answer is known; a
 * directory that cannot be read counts as small (the gate reports it).
 *
 * @example
 * isSmallSourceTree('services/orders'); // true for a service of a few files
 */
export function isSmallSourceTree(dir: string, limitBytes = SMALL_SOURCE_BYTES): boolean {
  let bytes = 0;
  let entries = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let list;
    try {
      list = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of list) {
      if (++entries > MAX_ENTRIES) return false;
      if (e.isDirectory()) {
        if (!IGNORED_DIRS.has(e.name)) pending.push(path.join(current, e.name));
      } else if (e.isFile() && PARSED_SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) {
        try {
          bytes += statSync(path.join(current, e.name)).size;
        } catch {
          continue;
        }
        if (bytes >= limitBytes) return false;
      }
    }
  }
  return true;
}

/**
 * Keep WebAssembly at V8's baseline tier (Liftoff) in this process. V8
 * optimises hot WebAssembly functions in the background; for tree-sitter's
 * parser and grammar that costs about a quarter of a second of CPU, more
 * than a small project takes to parse at the baseline tier, while on 50K
 * lines the optimised code wins (the baseline tier is 10–15% slower there).
 * Takes effect for modules compiled afterwards, so call it before the gate
 * loads tree-sitter. Results are the same either way: only the speed differs.
 *
 * @example
 * if (isSmallSourceTree(dir)) keepWasmAtBaselineTier();
 */
export function keepWasmAtBaselineTier(): void {
  v8.setFlagsFromString('--liftoff-only');
}
