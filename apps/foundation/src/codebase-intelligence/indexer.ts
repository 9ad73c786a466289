import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractPy } from './extract-py.js';
import { extractTs } from './extract-ts.js';
import type { FileFacts } from './model.js';
import { grammarFor, parsers } from './parsers.js';
import type { ChunkRanker, CodeChunk } from './ranker.js';
import type { SymbolStore } from './store.js';

/** Result of indexing one file (register_artifact's return shape). */
export interface IndexResult {
  indexed: boolean;
  symbols_found: number;
  dependencies_found: number;
  errors: string[];
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const ENTRY_FILE = /(^|\/)(main|index|server|app|cli|__main__|manage|wsgi|asgi|conftest)\.(py|[cm]?[jt]sx?)$|(^|\/)(test_[^/]*\.py|[^/]*_test\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$/;

/**
 * Parse a file's text into facts (no storage).
 *
 * @example
 * await parseSource('a.py', 'def f():\n    pass\n');
 */
export async function parseSource(path: string, source: string): Promise<FileFacts | undefined> {
  const grammar = grammarFor(path);
  if (!grammar) return undefined;
  const parser = (await parsers()).get(grammar)!;
  const tree = parser.parse(source);
  if (!tree) return undefined;
  try {
    return grammar === 'python' ? extractPy(tree, source) : extractTs(tree, source, grammar === 'javascript' ? 'javascript' : 'typescript');
  } finally {
    tree.delete();
  }
}

function chunksOf(path: string, service: string | null, facts: FileFacts): CodeChunk[] {
  return facts.symbols
    .filter((s) => s.kind !== 'variable')
    .map((s, i) => ({
      chunk_id: `${path}::${s.parent ? `${s.parent}.` : ''}${s.name}::${s.line_start}::${i}`,
      file_path: path,
      symbol_name: s.parent ? `${s.parent}.${s.name}` : s.name,
      content: [s.signature ?? '', s.docstring ?? '', s.content].join('\n'),
      language: facts.language,
      service_name: service,
      line_start: s.line_start,
      line_end: s.line_end,
    }));
}

/**
 * Index one file incrementally: parse with tree-sitter, replace its symbols,
 * imports, call sites, references, routes, events and search chunks in one
 * transaction. Unreadable or unsupported files give `indexed: false`.
 *
 * @example
 * await indexFile(store, ranker, 'src/models/user.py', 'auth-service');
 */
export async function indexFile(store: SymbolStore, ranker: ChunkRanker, filePath: string, service: string | null): Promise<IndexResult> {
  const path = resolve(filePath);
  let source: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { indexed: false, symbols_found: 0, dependencies_found: 0, errors: [`not a regular file: ${path}`] };
    if (st.size > MAX_FILE_BYTES) return { indexed: false, symbols_found: 0, dependencies_found: 0, errors: [`file is ${st.size} bytes; the limit is ${MAX_FILE_BYTES}`] };
    source = readFileSync(path, 'utf8');
  } catch (err) {
    return { indexed: false, symbols_found: 0, dependencies_found: 0, errors: [`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  if (!grammarFor(path)) {
    return { indexed: false, symbols_found: 0, dependencies_found: 0, errors: [`unsupported language for ${path} (supported: .py, .ts, .tsx, .js, .jsx, .mjs, .cjs)`] };
  }
  const facts = await parseSource(path, source);
  if (!facts) return { indexed: false, symbols_found: 0, dependencies_found: 0, errors: [`could not parse ${path}`] };
  const entry = ENTRY_FILE.test(path) || facts.isEntrypoint;
  store.db.transaction(() => {
    store.replaceFile(path, service, facts, entry);
    ranker.replaceFile(path, chunksOf(path, service, facts));
  })();
  return { indexed: true, symbols_found: facts.symbols.length, dependencies_found: facts.imports.length, errors: [] };
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '__pycache__', '.venv', 'venv', '.nx', 'coverage']);

/**
 * Every supported source file under `root` (skipping dependency/build dirs), bounded.
 *
 * @example
 * sourceFiles('./services/auth');
 */
export function sourceFiles(root: string, limit = 100_000): string[] {
  const out: string[] = [];
  const stack = [resolve(root)];
  while (stack.length && out.length < limit) {
    const dir = stack.pop()!;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(join(dir, e.name));
      } else if (e.isFile() && grammarFor(e.name) && !e.name.endsWith('.d.ts')) out.push(join(dir, e.name));
    }
  }
  return out.sort();
}

/**
 * Index every supported file under a directory (used by the benchmark and by
 * `CODEBASE_ROOT` at start-up). Returns counts and elapsed milliseconds.
 *
 * @example
 * await indexDirectory(store, ranker, './services/auth', 'auth-service');
 */
export async function indexDirectory(store: SymbolStore, ranker: ChunkRanker, root: string, service: string | null): Promise<{ files: number; symbols: number; errors: string[]; ms: number }> {
  const started = performance.now();
  let symbols = 0;
  const errors: string[] = [];
  const files = sourceFiles(root);
  for (const f of files) {
    const r = await indexFile(store, ranker, f, service);
    symbols += r.symbols_found;
    errors.push(...r.errors);
  }
  return { files: files.length, symbols, errors, ms: performance.now() - started };
}
