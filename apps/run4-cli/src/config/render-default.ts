import path from 'node:path';
import { stringify } from 'yaml';
import { PATH_FIELDS, Run4ConfigSchema } from './config-schema.js';

/**
 * The text `run4 init` writes: every field with its default, so a team can
 * point Run 4 at its own builds by editing values. Path defaults are written
 * relative to `targetDir` so they keep pointing at the embedded reference
 * stack under `installRoot`.
 *
 * @example
 * writeFileSync('run4.config.yaml', renderDefaultConfig(findInstallRoot(), process.cwd()));
 */
export function renderDefaultConfig(installRoot: string, targetDir: string): string {
  const defaults = Run4ConfigSchema.parse({});
  const rel = (p: string) => path.relative(targetDir, path.resolve(installRoot, p)) || '.';
  for (const key of PATH_FIELDS) defaults[key] = rel(defaults[key]);
  defaults.docker_compose_files = defaults.docker_compose_files.map(rel);
  return [
    '# Run 4 configuration (seed 001 R4-M1-001). Every key is optional; the values',
    '# below are the defaults, which verify the reference stack shipped with Run 4.',
    "# Relative paths resolve against this file's directory.",
    stringify(defaults),
  ].join('\n');
}
