import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

/**
 * Copy the built reference app `app` (e.g. `apps/builder`; `parts` such as
 * `dist`, `templates`) into `dir`, link the workspace's node_modules for its
 * imports, and apply `patches` to its bundled `dist/*.js`: each patch must
 * apply somewhere, or the test would not be testing the defect it names.
 *
 * @example
 * patchedCopy(tmp, 'apps/builder', ['dist', 'templates', 'package.json'], 'no-retry', [['transient: TRANSIENT_CODES.includes(code)', 'transient: false']]);
 */
export function patchedCopy(dir: string, app: string, parts: readonly string[], name: string, patches: readonly [string, string][]): void {
  for (const part of parts) cpSync(path.join(root, app, part), path.join(dir, part), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [from, to] of patches) {
    let applied = 0;
    for (const f of readdirSync(path.join(dir, 'dist')).filter((x) => x.endsWith('.js'))) {
      const file = path.join(dir, 'dist', f);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(from)) continue;
      applied++;
      writeFileSync(file, text.replaceAll(from, to));
    }
    if (applied === 0) throw new Error(`planted defect "${name}": "${from}" is not in the build of ${app} (rebuild it, or update the patch)`);
  }
}
