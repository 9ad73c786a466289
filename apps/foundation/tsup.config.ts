import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const require = createRequire(import.meta.url);
const SERVICES = ['architect', 'contract-engine', 'codebase-intelligence'] as const;
const GRAMMARS = ['typescript', 'tsx', 'javascript', 'python'];
// better-sqlite3 is native: it stays external and is copied with its runtime deps.
const NATIVE = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Copy the native SQLite binding and the tree-sitter wasm files next to the bundles. */
function copyRuntime(): void {
  for (const name of NATIVE) {
    const from = packageDir(name);
    const to = join('dist', 'node_modules', name);
    mkdirSync(to, { recursive: true });
    cpSync(from, to, {
      recursive: true,
      filter: (src) => !/[\\/](src|deps|docs|test|benchmark)([\\/]|$)/.test(src.slice(from.length)) && !/\.(o|a|mk|gyp|cc|c|h|d)$/.test(src) && !/[\\/]obj(\.target)?([\\/]|$)/.test(src.slice(from.length)),
    });
  }
  // An empty directory the Dockerfiles copy to /data so the volume belongs to user node.
  mkdirSync(join('dist', 'data'), { recursive: true });
  writeFileSync(join('dist', 'data', '.keep'), '');
  const wasm = join('dist', 'wasm');
  mkdirSync(wasm, { recursive: true });
  const grammars = join(packageDir('@vscode/tree-sitter-wasm'), 'wasm');
  for (const g of GRAMMARS) cpSync(join(grammars, `tree-sitter-${g}.wasm`), join(wasm, `tree-sitter-${g}.wasm`));
  const core = join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm');
  if (existsSync(core)) cpSync(core, join(wasm, 'web-tree-sitter.wasm'));
}

export default defineConfig({
  entry: Object.fromEntries(SERVICES.flatMap((s) => [[`${s}/mcp`, `src/${s}/mcp.ts`], [`${s}/http`, `src/${s}/http.ts`]])),
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  sourcemap: true,
  splitting: true,
  dts: false,
  noExternal: [/^(?!better-sqlite3(\/|$))/],
  external: ['better-sqlite3'],
  banner: {
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __fu } from 'node:url';",
      "import { dirname as __dn } from 'node:path';",
      'const require = __cr(import.meta.url);',
      'const __filename = __fu(import.meta.url);',
      'const __dirname = __dn(__filename);',
    ].join('\n'),
  },
  env: { SCARF_ANALYTICS: 'false' },
  async onSuccess() {
    copyRuntime();
  },
});
