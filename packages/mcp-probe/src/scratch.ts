import { mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from './input-generator.js';

/** Name of the file every scratch directory starts with. */
export const SCRATCH_FILE = 'run4-probe.txt';
/** Its content (a tool that edits or searches text finds `run4-probe` in it). */
export const SCRATCH_CONTENT = 'run4-probe\nline 2\nline 3\n';

const PATH_KEY = /(^|[_-])(path|paths|file|files|filename|filenames|filepath|dir|dirs|directory|directories|folder|folders|source|sources|src|destination|dest|target|root|roots)$|(Path|Paths|File|Files|Dir|Directory|Folder)$/;
const FRESH_KEY = /(^|[_-])(destination|dest|target|new_?path|output|to)$|(Destination|Target|NewPath|Output)$/;
const DIR_TOOL = /dir|folder|tree|list|search|find|glob|roots?\b/i;

/**
 * The per-server directory that generated path arguments point into. It is
 * offered to the server as its only MCP root, starts with one small text
 * file, can be reset between calls, and is removed with the probe's work dir.
 *
 * @example
 * const scratch = new Scratch('/tmp/run4-probe-x', 'fs');
 * scratch.pathFor('read_text_file', 'path'); // '/tmp/run4-probe-x/scratch-fs/run4-probe.txt'
 */
export class Scratch {
  readonly dir: string;

  constructor(parent: string, server: string) {
    const dir = join(parent, `scratch-${server.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    mkdirSync(dir, { recursive: true });
    this.dir = realpathSync(dir);
    this.reset();
  }

  /** Back to the initial state: only the seed file. */
  reset(): void {
    for (const entry of readdirSync(this.dir)) rmSync(join(this.dir, entry), { recursive: true, force: true });
    writeFileSync(join(this.dir, SCRATCH_FILE), SCRATCH_CONTENT);
  }

  /**
   * A path value for a string property that names a file or directory, or
   * undefined when the property does not look like one. Destinations get a
   * fresh name; directory-like tools (list, tree, search, ...) the scratch
   * directory itself; anything else the seed file.
   */
  pathFor(tool: string, key: string): string | undefined {
    if (!PATH_KEY.test(key)) return undefined;
    if (FRESH_KEY.test(key)) return join(this.dir, `run4-probe-${key.replace(/[^A-Za-z0-9_-]/g, '_')}.txt`);
    if (DIR_TOOL.test(tool) || /dir|folder|root/i.test(key)) return this.dir;
    return join(this.dir, SCRATCH_FILE);
  }

  /** Generator hook: path-like properties of `tool` point into this directory. */
  hintsFor(tool: string): { stringFor: (key: string, schema: JsonSchema) => string | undefined } {
    return { stringFor: (key, schema) => (schema.format === undefined || schema.format === 'path' ? this.pathFor(tool, key) : undefined) };
  }
}
