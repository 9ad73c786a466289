import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding the generated service's fixed files
 * (`apps/builder/templates`), found from this module both in src/ and dist/.
 *
 * @example
 * join(templatesDir(), 'service/src/lib/jwt.js');
 */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i += 1) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'service'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`templates directory not found above ${fileURLToPath(import.meta.url)}`);
}

/** Files copied verbatim into every generated service (relative to templates/service). */
export const RUNTIME_FILES = [
  'src/server.js',
  'src/lib/app.js',
  'src/lib/auth.js',
  'src/lib/behaviours.js',
  'src/lib/events.js',
  'src/lib/http.js',
  'src/lib/jwt.js',
  'src/lib/logger.js',
  'src/lib/schema.js',
  'src/lib/store.js',
  'src/lib/trace.js',
  'test/helpers.js',
  'test/contract.test.js',
] as const;
