import type { Db } from '../shared/db.js';
import type { FileFacts, SymbolDefinition } from './model.js';
import { importKey, moduleKeys } from './module-keys.js';
import { FTS_SCHEMA_SQL } from './ranker.js';

export const SYMBOLS_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY, service_name TEXT, language TEXT NOT NULL, is_entrypoint INTEGER NOT NULL, indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_keys (key TEXT NOT NULL, path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS idx_file_keys ON file_keys(key);
CREATE TABLE IF NOT EXISTS symbols (
  file_path TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
  signature TEXT, docstring TEXT, language TEXT NOT NULL, service_name TEXT, exported INTEGER NOT NULL, parent TEXT, is_handler INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_symbols_name ON symbols(name);
CREATE INDEX IF NOT EXISTS idx_symbols_file ON symbols(file_path);
CREATE TABLE IF NOT EXISTS imports (file_path TEXT NOT NULL, specifier TEXT NOT NULL, line INTEGER NOT NULL, key TEXT, absolute INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS idx_imports_file ON imports(file_path);
CREATE INDEX IF NOT EXISTS idx_imports_key ON imports(key);
CREATE TABLE IF NOT EXISTS calls (file_path TEXT NOT NULL, callee TEXT NOT NULL, caller TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS idx_calls_callee ON calls(callee);
CREATE INDEX IF NOT EXISTS idx_calls_file ON calls(file_path);
CREATE TABLE IF NOT EXISTS refs (file_path TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS idx_refs_name ON refs(name);
CREATE INDEX IF NOT EXISTS idx_refs_file ON refs(file_path);
CREATE TABLE IF NOT EXISTS endpoints (file_path TEXT NOT NULL, service_name TEXT, method TEXT NOT NULL, path TEXT NOT NULL, handler TEXT, line INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (file_path TEXT NOT NULL, service_name TEXT, direction TEXT NOT NULL, name TEXT NOT NULL, line INTEGER NOT NULL);
${FTS_SCHEMA_SQL}
`;

interface SymbolRow {
  file_path: string;
  name: string;
  kind: string;
  line_start: number;
  line_end: number;
  signature: string | null;
  docstring: string | null;
  language: string;
  service_name: string | null;
  exported: number;
  parent: string | null;
  is_handler: number;
}

/**
 * toDefinition.
 *
 * @example
 * store.symbolsNamed('User'); // rows mapped with toDefinition
 */
export function toDefinition(r: SymbolRow): SymbolDefinition {
  return { name: r.name, kind: r.kind, file_path: r.file_path, line_start: r.line_start, line_end: r.line_end, signature: r.signature, docstring: r.docstring, language: r.language, service_name: r.service_name, exported: r.exported === 1, parent: r.parent };
}

/** SQLite persistence of the code index. */
export class SymbolStore {
  constructor(readonly db: Db) {}

  /** Replace everything known about one file (call inside a transaction). */
  replaceFile(path: string, service: string | null, facts: FileFacts, isEntrypoint: boolean): void {
    this.deleteFile(path);
    this.db.prepare('INSERT INTO files (path, service_name, language, is_entrypoint, indexed_at) VALUES (?,?,?,?,?)').run(path, service, facts.language, isEntrypoint ? 1 : 0, new Date().toISOString());
    const key = this.db.prepare('INSERT INTO file_keys (key, path) VALUES (?,?)');
    for (const k of moduleKeys(path)) key.run(k, path);
    const sym = this.db.prepare('INSERT INTO symbols (file_path, name, kind, line_start, line_end, signature, docstring, language, service_name, exported, parent, is_handler) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
    for (const s of facts.symbols) sym.run(path, s.name, s.kind, s.line_start, s.line_end, s.signature, s.docstring, facts.language, service, s.exported ? 1 : 0, s.parent, s.is_handler ? 1 : 0);
    const imp = this.db.prepare('INSERT INTO imports (file_path, specifier, line, key, absolute) VALUES (?,?,?,?,?)');
    for (const i of facts.imports) {
      const k = importKey(path, i.specifier, facts.language);
      imp.run(path, i.specifier, i.line, k?.key ?? null, k?.absolute ? 1 : 0);
    }
    const call = this.db.prepare('INSERT INTO calls (file_path, callee, caller, line) VALUES (?,?,?,?)');
    for (const c of facts.calls) call.run(path, c.callee, c.caller, c.line);
    const ref = this.db.prepare('INSERT INTO refs (file_path, name, count) VALUES (?,?,?)');
    for (const [name, count] of facts.refs) ref.run(path, name, count);
    const ep = this.db.prepare('INSERT INTO endpoints (file_path, service_name, method, path, handler, line) VALUES (?,?,?,?,?,?)');
    for (const e of facts.endpoints) ep.run(path, service, e.method, e.path, e.handler, e.line);
    const ev = this.db.prepare('INSERT INTO events (file_path, service_name, direction, name, line) VALUES (?,?,?,?,?)');
    for (const e of facts.events) ev.run(path, service, e.direction, e.name, e.line);
  }

  deleteFile(path: string): void {
    for (const t of ['files', 'symbols', 'imports', 'calls', 'refs', 'endpoints', 'events']) {
      this.db.prepare(`DELETE FROM ${t} WHERE ${t === 'files' ? 'path' : 'file_path'} = ?`).run(path);
    }
    this.db.prepare('DELETE FROM file_keys WHERE path = ?').run(path);
  }

  /** Resolve a user-given path to an indexed one (exact, then by suffix). */
  resolveFile(path: string, absolute: string): string | undefined {
    const exact = this.db.prepare('SELECT path FROM files WHERE path = ? OR path = ?').get(path, absolute) as { path: string } | undefined;
    if (exact) return exact.path;
    const clean = path.replace(/^\.\//, '');
    const suffix = this.db.prepare("SELECT path FROM files WHERE path LIKE ? ESCAPE '\\' ORDER BY length(path) LIMIT 1").get(`%/${clean.replace(/[%_\\]/g, (m) => `\\${m}`)}`) as { path: string } | undefined;
    return suffix?.path;
  }

  symbolsNamed(name: string, language?: string | null): SymbolDefinition[] {
    const rows = (language
      ? this.db.prepare('SELECT * FROM symbols WHERE name = ? AND language = ? ORDER BY kind = \'method\', file_path, line_start').all(name, language)
      : this.db.prepare('SELECT * FROM symbols WHERE name = ? ORDER BY kind = \'method\', file_path, line_start').all(name)) as SymbolRow[];
    return rows.map(toDefinition);
  }

  /** All internal import edges [from, to]. */
  importEdges(): [string, string][] {
    const rows = this.db.prepare(
      `SELECT DISTINCT i.file_path AS src, k.path AS dst FROM imports i JOIN file_keys k
       ON (i.absolute = 0 AND k.key = i.key) OR (i.absolute = 1 AND (k.key = i.key OR k.key LIKE '%/' || i.key))
       WHERE i.key IS NOT NULL AND k.path <> i.file_path`,
    ).all() as { src: string; dst: string }[];
    return rows.map((r) => [r.src, r.dst]);
  }

  externalImports(file: string): string[] {
    const rows = this.db.prepare('SELECT DISTINCT specifier FROM imports WHERE file_path = ? AND key IS NULL ORDER BY specifier').all(file) as { specifier: string }[];
    return rows.map((r) => r.specifier);
  }
}
