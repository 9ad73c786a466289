import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Run4Error } from '@run4/checks';
import { DEFAULT_CONFIG_FILE, findInstallRoot, renderDefaultConfig } from '../config/index.js';
import { writeUserFile } from '../state/output-dir.js';
import type { GlobalOptions } from './context.js';

/**
 * `run4 init`: write `run4.config.yaml` (or `--config`) with every setting
 * at its default, or print it with `print`. An existing file is kept unless
 * `force` is set (exit 2 naming it).
 *
 * @example
 * initCommand({}, { print: true }); // the default config on stdout
 */
export function initCommand(global: GlobalOptions, opts: { force?: boolean; print?: boolean }): void {
  const text = renderDefaultConfig(findInstallRoot(), process.cwd());
  if (opts.print) {
    process.stdout.write(text);
    return;
  }
  const file = path.resolve(global.config ?? DEFAULT_CONFIG_FILE);
  if (existsSync(file) && !statSync(file).isDirectory() && !opts.force) {
    throw new Run4Error(`${file} already exists (fix: pass --force to overwrite it)`, { code: 'INIT_EXISTS', exitCode: 2 });
  }
  writeUserFile(file, text, 'config file');
  process.stdout.write(`wrote ${file}\n`);
}
