// Benchmark B1-06: index a generated 50K-LOC tree with the codebase-intelligence
// indexer (tree-sitter parse + extraction + SQLite WAL + FTS5 chunks), and
// compare against a named peer measured in the same run: a bare web-tree-sitter
// parse of the same files (no extraction, no storage).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseOk, openDatabase } from '../src/shared/db.js';
import { indexDirectory, sourceFiles } from '../src/codebase-intelligence/indexer.js';
import { grammarFor, parsers } from '../src/codebase-intelligence/parsers.js';
import { Fts5LexicalRanker } from '../src/codebase-intelligence/ranker.js';
import { SYMBOLS_SCHEMA_SQL, SymbolStore } from '../src/codebase-intelligence/store.js';
import { CodebaseService } from '../src/codebase-intelligence/service.js';
import { generateTree } from './generate-tree.js';

const TARGET_LOC = Number(process.env.BENCH_LOC ?? 50_000);
const SEED_LIMIT_S = 60;
const GOAL_S = 10;

async function parseOnly(files: string[]): Promise<number> {
  const map = await parsers();
  const started = performance.now();
  for (const f of files) {
    const tree = map.get(grammarFor(f)!)!.parse(readFileSync(f, 'utf8'));
    tree?.delete();
  }
  return performance.now() - started;
}

const root = mkdtempSync(join(tmpdir(), 'run4-bench-index-'));
try {
  const tree = generateTree(join(root, 'src'), TARGET_LOC);
  const files = sourceFiles(join(root, 'src'));
  await parsers(); // grammar loading is start-up cost, not indexing
  const peerMs = await parseOnly(files);
  const db = openDatabase(join(root, 'symbols.db'), SYMBOLS_SCHEMA_SQL);
  const store = new SymbolStore(db);
  const ranker = new Fts5LexicalRanker(db);
  const result = await indexDirectory(store, ranker, join(root, 'src'), 'bench');
  const svc = new CodebaseService(store, ranker);
  const q0 = performance.now();
  const hits = svc.search('payment totals', null, null, 10);
  const dead = svc.deadCode('bench');
  const deps = svc.findDependencies(files.find((f) => f.endsWith('module-0.ts'))!);
  const queryMs = performance.now() - q0;
  if (!databaseOk(db) || result.errors.length || hits.length === 0 || deps.transitive_deps.length === 0) {
    throw new Error(`benchmark sanity check failed: errors=${result.errors.length} hits=${hits.length} deps=${deps.transitive_deps.length}`);
  }
  db.close();
  const s = result.ms / 1000;
  console.log(`tree: ${tree.files} files, ${tree.loc} LOC (TypeScript + Python)`);
  console.log(`full index (parse + extract + SQLite + FTS5): ${s.toFixed(2)} s, ${result.symbols} symbols, ${Math.round(tree.loc / s)} LOC/s`);
  console.log(`peer "web-tree-sitter parse only": ${(peerMs / 1000).toFixed(2)} s -> full index / parse-only = ${(result.ms / peerMs).toFixed(2)}x`);
  console.log(`queries after indexing (search + dead code + dependencies): ${queryMs.toFixed(0)} ms; dead symbols found: ${dead.length}`);
  console.log(`seed B1-06 limit ${SEED_LIMIT_S} s: ${s < SEED_LIMIT_S ? 'PASS' : 'FAIL'} (${(SEED_LIMIT_S / s).toFixed(1)}x headroom); goal ${GOAL_S} s: ${s < GOAL_S ? 'PASS' : 'MISS'}`);
  if (s >= SEED_LIMIT_S) process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
