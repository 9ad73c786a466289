import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { databasePath, openDatabaseOrExit } from '../shared/db.js';
import { log } from '../shared/log.js';
import { registerJsonTool } from '../shared/mcp-tool.js';
import { startMcp } from '../shared/mcp-start.js';
import { indexDirectory } from './indexer.js';
import { Fts5LexicalRanker } from './ranker.js';
import { CodebaseService } from './service.js';
import { SYMBOLS_SCHEMA_SQL, SymbolStore } from './store.js';

const SERVICE = 'codebase-intelligence';

/**
 * Register the 7 Codebase Intelligence tools of seed 003 section 1.3.
 *
 * @example
 * registerCodebaseTools(server, service);
 */
export function registerCodebaseTools(server: McpServer, svc: CodebaseService): void {
  registerJsonTool(server, SERVICE, 'find_definition', {
    description: 'Where a symbol (function, class, method, interface, type, constant) is defined; null when unknown.',
    inputSchema: { symbol: z.string().min(1), language: z.string().nullable().optional() },
  }, (a) => svc.findDefinition(a.symbol, a.language ?? null));
  registerJsonTool(server, SERVICE, 'find_callers', {
    description: 'Call sites of a function or method.',
    inputSchema: { symbol: z.string().min(1), max_results: z.number().int().min(1).max(10_000).default(50) },
  }, (a) => svc.findCallers(a.symbol, a.max_results));
  registerJsonTool(server, SERVICE, 'find_dependencies', {
    description: 'Imports, importers, transitive dependencies and import cycles of an indexed file.',
    inputSchema: { file_path: z.string().min(1) },
    outputSchema: { imports: z.array(z.string()), imported_by: z.array(z.string()), transitive_deps: z.array(z.string()), circular_deps: z.array(z.array(z.string())) },
  }, (a) => svc.findDependencies(a.file_path));
  registerJsonTool(server, SERVICE, 'search_semantic', {
    description: 'Rank indexed code chunks for a query (lexical BM25 over identifier-split tokens).',
    inputSchema: { query: z.string().min(1), language: z.string().nullable().optional(), service_name: z.string().nullable().optional(), n_results: z.number().int().min(1).max(200).default(10) },
  }, (a) => svc.search(a.query, a.language, a.service_name, a.n_results));
  registerJsonTool(server, SERVICE, 'get_service_interface', {
    description: 'HTTP endpoints, events published/consumed and exported symbols of a service ({} when unknown).',
    inputSchema: { service_name: z.string().min(1) },
  }, (a) => svc.serviceInterface(a.service_name));
  registerJsonTool(server, SERVICE, 'check_dead_code', {
    description: 'Unreferenced symbols (not entrypoints or route handlers) with a confidence.',
    inputSchema: { service_name: z.string().nullable().optional() },
  }, (a) => svc.deadCode(a.service_name ?? null));
  registerJsonTool(server, SERVICE, 'register_artifact', {
    description: 'Index (or re-index) one source file for a service.',
    inputSchema: { file_path: z.string().min(1), service_name: z.string() },
    outputSchema: { indexed: z.boolean(), symbols_found: z.number().int(), dependencies_found: z.number().int(), errors: z.array(z.string()) },
  }, (a) => svc.registerArtifact(a.file_path, a.service_name));
}

const db = openDatabaseOrExit(databasePath('symbols.db'), SYMBOLS_SCHEMA_SQL);
const store = new SymbolStore(db);
const ranker = new Fts5LexicalRanker(db);
await startMcp('Codebase Intelligence', SERVICE, (server) => registerCodebaseTools(server, new CodebaseService(store, ranker)), () => db.close());
if (process.env.CODEBASE_ROOT) {
  void indexDirectory(store, ranker, process.env.CODEBASE_ROOT, process.env.CODEBASE_SERVICE ?? null).then(
    (r) => log('info', SERVICE, 'indexed CODEBASE_ROOT', { files: r.files, symbols: r.symbols, ms: Math.round(r.ms) }),
    (err: unknown) => log('error', SERVICE, 'indexing CODEBASE_ROOT failed', { error: String(err) }),
  );
}
