import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language as TsLanguage, Parser as TsParser, Tree } from 'web-tree-sitter';

/** Languages with a tree-sitter grammar the gate can load. */
export type CodeLanguage = 'python' | 'typescript' | 'tsx' | 'javascript' | 'go' | 'java';

const GRAMMAR_FILES: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
};

/** Every language {@link getCodeParser} can load a grammar for. */
export const CODE_GRAMMARS: readonly CodeLanguage[] = Object.keys(GRAMMAR_FILES) as CodeLanguage[];

/** The grammars loaded when a caller names none (what the gate read before Go and Java). */
const DEFAULT_GRAMMARS: readonly CodeLanguage[] = ['python', 'typescript', 'tsx', 'javascript'];

/** Parses source text into a tree-sitter tree. */
export interface CodeParser {
  /** Parse `text`; throws when the language's grammar was not loaded by {@link getCodeParser}. */
  parse(language: CodeLanguage, text: string): Tree;
  /** Whether the grammar of `language` is loaded. */
  has(language: CodeLanguage): boolean;
}

interface Runtime {
  Parser: typeof TsParser;
  Language: typeof TsLanguage;
}

let runtime: Promise<Runtime> | undefined;
const grammars = new Map<CodeLanguage, Promise<TsParser>>();
const ready = new Map<CodeLanguage, TsParser>();

/** web-tree-sitter itself is imported (and its wasm initialised) only when a grammar is first needed. */
function loadRuntime(): Promise<Runtime> {
  runtime ??= import('web-tree-sitter').then(async ({ Parser, Language }) => {
    await Parser.init();
    return { Parser, Language };
  });
  return runtime;
}

function loadGrammar(language: CodeLanguage): Promise<TsParser> {
  let pending = grammars.get(language);
  if (!pending) {
    pending = (async () => {
      const { Parser, Language } = await loadRuntime();
      const require = createRequire(import.meta.url);
      const wasmDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
      const grammar = await Language.load(join(wasmDir, GRAMMAR_FILES[language]));
      const parser = new Parser();
      parser.setLanguage(grammar);
      ready.set(language, parser);
      return parser;
    })();
    grammars.set(language, pending);
  }
  return pending;
}

const codeParser: CodeParser = {
  parse(language, text) {
    const parser = ready.get(language);
    if (!parser) throw new Error(`the tree-sitter grammar for ${language} is not loaded; call getCodeParser(['${language}']) first`);
    const tree = parser.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse ${language} source`);
    return tree;
  },
  has(language) {
    return ready.has(language);
  },
};

/**
 * Load the tree-sitter grammars of `languages` (default: Python,
 * TypeScript, TSX, JavaScript) once each, lazily: nothing of tree-sitter is
 * loaded until a caller asks, and each grammar only when first named.
 *
 * @example
 * const parser = await getCodeParser(['python', 'go']);
 * const tree = parser.parse('go', 'package main\nfunc main() {}\n');
 */
export async function getCodeParser(languages: readonly CodeLanguage[] = DEFAULT_GRAMMARS): Promise<CodeParser> {
  await Promise.all(languages.map(loadGrammar));
  return codeParser;
}
