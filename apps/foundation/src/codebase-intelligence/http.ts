import { z } from 'zod';
import { databaseOk, databasePath, openDatabaseOrExit } from '../shared/db.js';
import { ValidationError } from '../shared/errors.js';
import { createHttpApp, jsonBody, startHttp, zodMessage } from '../shared/http-app.js';
import { log } from '../shared/log.js';
import { indexDirectory } from './indexer.js';
import { Fts5LexicalRanker } from './ranker.js';
import { CodebaseService } from './service.js';
import { SYMBOLS_SCHEMA_SQL, SymbolStore } from './store.js';

const SERVICE = 'codebase-intelligence';

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(zodMessage(r.error.issues));
  return r.data;
}

const db = openDatabaseOrExit(databasePath('symbols.db'), SYMBOLS_SCHEMA_SQL);
const store = new SymbolStore(db);
const ranker = new Fts5LexicalRanker(db);
const svc = new CodebaseService(store, ranker);
const app = createHttpApp(SERVICE, () => databaseOk(db), () => ({ files_indexed: (db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n }));

app.get('/api/symbols', (c) => {
  const q = parse(z.object({ name: z.string().min(1), language: z.string().optional() }), c.req.query());
  return c.json(svc.symbols(q.name, q.language));
});
app.get('/api/dependencies', (c) => {
  const q = parse(z.object({ file_path: z.string().min(1) }), c.req.query());
  return c.json(svc.findDependencies(q.file_path));
});
app.post('/api/search', async (c) => {
  const b = parse(z.object({ query: z.string().min(1), language: z.string().nullable().optional(), service_name: z.string().nullable().optional(), n_results: z.number().int().min(1).max(200).default(10) }), await jsonBody(c));
  return c.json(svc.search(b.query, b.language, b.service_name, b.n_results));
});
app.post('/api/artifacts', async (c) => {
  const b = parse(z.object({ file_path: z.string().min(1), service_name: z.string() }), await jsonBody(c));
  return c.json(await svc.registerArtifact(b.file_path, b.service_name));
});
app.get('/api/dead-code', (c) => c.json(svc.deadCode(c.req.query('service_name') || null)));
app.get('/api/callers', (c) => {
  const q = parse(z.object({ symbol: z.string().min(1), max_results: z.coerce.number().int().min(1).default(50) }), c.req.query());
  return c.json(svc.findCallers(q.symbol, q.max_results));
});
app.get('/api/service-interface/:name', (c) => c.json(svc.serviceInterface(c.req.param('name'))));

startHttp(app, SERVICE, () => db.close());
if (process.env.CODEBASE_ROOT) {
  void indexDirectory(store, ranker, process.env.CODEBASE_ROOT, process.env.CODEBASE_SERVICE ?? null).then(
    (r) => log('info', SERVICE, 'indexed CODEBASE_ROOT', { files: r.files, symbols: r.symbols, ms: Math.round(r.ms) }),
    (err: unknown) => log('error', SERVICE, 'indexing CODEBASE_ROOT failed', { error: String(err) }),
  );
}
