import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One source file of the codebase map. */
export interface MapFile {
  imports: string[];
  exports: string[];
}

const IMPORT = /(?:^|\n)\s*(?:import\s[^'"]*?from\s*|import\s*|export\s[^'"]*?from\s*)['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXPORT = /(?:^|\n)\s*export\s+(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/g;

/**
 * The static codebase map (the seed's `generate_codebase_map()` fallback):
 * for every JavaScript/TypeScript file among `files` (relative to `dir`), the
 * modules it imports and the names it exports, read from the source text.
 *
 * @example
 * const map = await staticCodebaseMap('/tmp/b/order-service', ['src/server.js', 'Dockerfile']);
 * map['src/server.js'].imports; // ['node:http', './routes.js', ...]
 */
export async function staticCodebaseMap(dir: string, files: readonly string[]): Promise<Record<string, MapFile>> {
  const out: Record<string, MapFile> = {};
  for (const file of files.filter((f) => /\.(?:m?js|cjs|ts)$/.test(f)).sort()) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const imports = [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
    const exports = [...text.matchAll(EXPORT)].map((m) => m[1] as string);
    out[file] = { imports: [...new Set(imports)], exports: [...new Set(exports)] };
  }
  return out;
}
