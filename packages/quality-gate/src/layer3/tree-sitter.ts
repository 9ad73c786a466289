import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** Languages with a tree-sitter grammar loaded by {@link getCodeParser}. */
export type CodeLanguage = 'python' | 'typescript' | 'tsx' | 'javascript';

const GRAMMAR_FILES: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

/** Parses source text into a tree-sitter tree. */
export interface CodeParser {
  parse(language: CodeLanguage, text: string): Tree;
}

let loading: Promise<CodeParser> | undefined;

async function load(): Promise<CodeParser> {
  const require = createRequire(import.meta.url);
  const wasmDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  await Parser.init();
  const entries = await Promise.all(
    (Object.keys(GRAMMAR_FILES) as CodeLanguage[]).map(async (lang) => {
      const language = await Language.load(join(wasmDir, GRAMMAR_FILES[lang]));
      const parser = new Parser();
      parser.setLanguage(language);
      return [lang, parser] as const;
    }),
  );
  const parsers = new Map<CodeLanguage, Parser>(entries);
  return {
    parse(language, text) {
      const parser = parsers.get(language);
      const tree = parser?.parse(text);
      if (!tree) throw new Error(`tree-sitter could not parse ${language} source`);
      return tree;
    },
  };
}

/**
 * Load the tree-sitter grammars once (Python, TypeScript, TSX, JavaScript) and reuse the parsers.
 *
 * @example
 * const parser = await getCodeParser();
 * const tree = parser.parse('python', 'print("hi")');
 */
export function getCodeParser(): Promise<CodeParser> {
  loading ??= load();
  return loading;
}
