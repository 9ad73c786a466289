import { resolve } from 'node:path';
import { buildGraph, cyclesThrough, transitiveDeps } from './graph.js';
import { indexFile, type IndexResult } from './indexer.js';
import type { SymbolDefinition } from './model.js';
import type { ChunkRanker, CodeChunk } from './ranker.js';
import { type SymbolStore, toDefinition } from './store.js';

const LANG_ALIASES: Record<string, string> = { ts: 'typescript', tsx: 'typescript', typescript: 'typescript', js: 'javascript', javascript: 'javascript', node: 'javascript', py: 'python', python: 'python' };
const ENTRY_NAMES = new Set(['main', 'run', 'start', 'bootstrap', 'handler', 'lambda_handler', 'create_app', 'cli', 'constructor', 'setup', 'teardown', 'setUp', 'tearDown', 'default', 'app']);

/**
 * Normalise a language filter (`py`, `ts`, ...) or null for none.
 *
 * @example
 * normaliseLanguage('py'); // 'python'
 */
export function normaliseLanguage(language: string | null | undefined): string | null {
  if (!language) return null;
  return LANG_ALIASES[language.toLowerCase()] ?? language.toLowerCase();
}

export interface DeadSymbol {
  symbol_name: string;
  file_path: string;
  kind: string;
  line: number;
  service_name: string | null;
  confidence: string;
}

/** The Codebase Intelligence operations shared by the MCP tools and the REST API. */
export class CodebaseService {
  constructor(private readonly store: SymbolStore, private readonly ranker: ChunkRanker) {}

  registerArtifact(filePath: string, service: string): Promise<IndexResult> {
    return indexFile(this.store, this.ranker, filePath, service || null);
  }

  findDefinition(symbol: string, language?: string | null): { file_path: string; line_start: number; line_end: number; kind: string; signature: string | null; docstring: string | null } | null {
    const [parent, name] = symbol.includes('.') ? [symbol.slice(0, symbol.lastIndexOf('.')), symbol.slice(symbol.lastIndexOf('.') + 1)] : [null, symbol];
    const hits = this.store.symbolsNamed(name, normaliseLanguage(language)).filter((s) => !parent || s.parent === parent);
    const best = hits[0];
    return best ? { file_path: best.file_path, line_start: best.line_start, line_end: best.line_end, kind: best.kind, signature: best.signature, docstring: best.docstring } : null;
  }

  symbols(name: string, language?: string | null): SymbolDefinition[] {
    return this.store.symbolsNamed(name, normaliseLanguage(language));
  }

  findCallers(symbol: string, maxResults: number): { file_path: string; line: number; caller_name: string }[] {
    const name = symbol.slice(symbol.lastIndexOf('.') + 1);
    return this.store.db
      .prepare('SELECT file_path, line, caller AS caller_name FROM calls WHERE callee = ? ORDER BY file_path, line LIMIT ?')
      .all(name, maxResults) as { file_path: string; line: number; caller_name: string }[];
  }

  findDependencies(filePath: string): { imports: string[]; imported_by: string[]; transitive_deps: string[]; circular_deps: string[][] } {
    const file = this.store.resolveFile(filePath, resolve(filePath));
    if (!file) return { imports: [], imported_by: [], transitive_deps: [], circular_deps: [] };
    const edges = this.store.importEdges();
    const g = buildGraph(edges);
    const internal = [...(g.get(file) ?? [])].sort();
    return {
      imports: [...internal, ...this.store.externalImports(file)],
      imported_by: [...new Set(edges.filter(([, b]) => b === file).map(([a]) => a))].sort(),
      transitive_deps: transitiveDeps(g, file),
      circular_deps: cyclesThrough(g, file),
    };
  }

  search(query: string, language: string | null | undefined, service: string | null | undefined, n: number): (CodeChunk & { score: number })[] {
    return this.ranker.search(query, { language: normaliseLanguage(language), service_name: service || null }, n);
  }

  serviceInterface(service: string): Record<string, unknown> {
    const db = this.store.db;
    const files = (db.prepare('SELECT COUNT(*) AS n FROM files WHERE service_name = ?').get(service) as { n: number }).n;
    if (files === 0) return {};
    const endpoints = db.prepare('SELECT method, path, handler, file_path, line FROM endpoints WHERE service_name = ? ORDER BY path, method').all(service);
    const events = (direction: string): unknown[] => db.prepare('SELECT DISTINCT name, file_path, line FROM events WHERE service_name = ? AND direction = ? ORDER BY name').all(service, direction);
    const exported = (db.prepare('SELECT * FROM symbols WHERE service_name = ? AND exported = 1 AND parent IS NULL ORDER BY file_path, line_start').all(service) as Parameters<typeof toDefinition>[0][]).map(toDefinition);
    return { service_name: service, endpoints, events_published: events('published'), events_consumed: events('consumed'), exported_symbols: exported };
  }

  /**
   * Symbols never referenced anywhere in the index, excluding route handlers,
   * decorated functions, entrypoints, dunder/test names and symbols of test
   * files. Confidence: high (private), medium (exported/public), low (methods).
   */
  deadCode(service?: string | null): DeadSymbol[] {
    const rows = this.store.db
      .prepare(
        `SELECT s.name, s.file_path, s.kind, s.line_start, s.service_name, s.exported, f.is_entrypoint,
                COALESCE((SELECT SUM(r.count) FROM refs r WHERE r.name = s.name), 0) AS uses
         FROM symbols s JOIN files f ON f.path = s.file_path
         WHERE s.is_handler = 0 AND s.kind <> 'variable' ${service ? 'AND s.service_name = ?' : ''}
         ORDER BY s.file_path, s.line_start`,
      )
      .all(...(service ? [service] : [])) as { name: string; file_path: string; kind: string; line_start: number; service_name: string | null; exported: number; is_entrypoint: number; uses: number }[];
    const out: DeadSymbol[] = [];
    for (const r of rows) {
      if (r.uses > 0 || ENTRY_NAMES.has(r.name) || /^__.*__$/.test(r.name) || /^test_?/i.test(r.name)) continue;
      if (/(^|\/)(test_[^/]*\.py|[^/]*_test\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?|conftest\.py)$/.test(r.file_path)) continue;
      if (r.is_entrypoint && r.exported) continue;
      const confidence = r.kind === 'method' ? 'low' : r.exported ? 'medium' : 'high';
      out.push({ symbol_name: r.name, file_path: r.file_path, kind: r.kind, line: r.line_start, service_name: r.service_name, confidence });
    }
    return out;
  }
}
