import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';

export type GrammarName = 'typescript' | 'tsx' | 'javascript' | 'python';

function wasmDirs(): { core: string; grammars: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  const env = process.env.TREE_SITTER_WASM_DIR;
  const candidates = [env, join(here, '..', 'wasm'), join(here, 'wasm')].filter((d): d is string => Boolean(d));
  for (const d of candidates) {
    if (existsSync(join(d, 'tree-sitter-python.wasm')) && existsSync(join(d, 'web-tree-sitter.wasm'))) return { core: d, grammars: d };
  }
  const require = createRequire(import.meta.url);
  const grammars = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  const core = dirname(require.resolve('web-tree-sitter'));
  return { core, grammars };
}

let ready: Promise<Map<GrammarName, Parser>> | undefined;

/**
 * Initialise web-tree-sitter once and load the TypeScript, TSX, JavaScript and
 * Python grammars from @vscode/tree-sitter-wasm (or the copies next to the
 * bundle in dist/wasm).
 *
 * @example
 * const parser = (await parsers()).get('python');
 */
export function parsers(): Promise<Map<GrammarName, Parser>> {
  ready ??= (async () => {
    const dirs = wasmDirs();
    await Parser.init({ locateFile: (file: string) => join(dirs.core, file) });
    const map = new Map<GrammarName, Parser>();
    for (const name of ['typescript', 'tsx', 'javascript', 'python'] as const) {
      const lang = await Language.load(join(dirs.grammars, `tree-sitter-${name}.wasm`));
      const p = new Parser();
      p.setLanguage(lang);
      map.set(name, p);
    }
    return map;
  })();
  return ready;
}

/** Grammar for a file name, or undefined when the language is not supported. */
export function grammarFor(file: string): GrammarName | undefined {
  if (/\.(ts|mts|cts)$/.test(file)) return 'typescript';
  if (/\.tsx$/.test(file)) return 'tsx';
  if (/\.(js|mjs|cjs|jsx)$/.test(file)) return 'javascript';
  if (/\.py$/.test(file)) return 'python';
  return undefined;
}
