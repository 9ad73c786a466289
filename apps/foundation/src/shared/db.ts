import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/**
 * Open (creating parent directories) the SQLite file at `path` in WAL mode
 * with a busy timeout, so the MCP process and the HTTP process of one
 * service can share it safely; then apply `schemaSql` (idempotent DDL).
 *
 * @example
 * const db = openDatabase('./data/contracts.db', 'CREATE TABLE IF NOT EXISTS t (id TEXT)');
 */
export function openDatabase(path: string, schemaSql: string): Db {
  const full = resolve(path);
  // Switching a new file to WAL and creating the schema take locks that SQLite's
  // busy handler does not always wait for: when several processes open the same
  // new file at once (three servers starting together, two indexers sharing one
  // index), the loser gets SQLITE_BUSY at once. Retry that for a while.
  const deadline = Date.now() + 15_000;
  for (let attempt = 1; ; attempt++) {
    let db: Db | undefined;
    try {
      mkdirSync(dirname(full), { recursive: true });
      db = new Database(full);
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.exec(schemaSql);
      return db;
    } catch (err) {
      db?.close();
      const code = (err as { code?: string }).code ?? '';
      if (/^SQLITE_(BUSY|LOCKED)/.test(code) && Date.now() < deadline) {
        sleepSync(Math.min(50 * attempt, 500));
        continue;
      }
      throw new DatabaseOpenError(full, err as Error);
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The SQLite file could not be created or opened. */
export class DatabaseOpenError extends Error {
  readonly code = 'DATABASE_OPEN_FAILED';
  readonly exitCode = 2;
  constructor(readonly path: string, cause: Error) {
    super(`cannot open the SQLite database at ${path}: ${cause.message}. Set DATABASE_PATH to a writable file path.`);
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Open the service database or exit with code 2 and one clear line on stderr.
 *
 * @example
 * const db = openDatabaseOrExit(databasePath('contracts.db'), CONTRACT_SCHEMA_SQL);
 */
export function openDatabaseOrExit(path: string, schemaSql: string): Db {
  try {
    return openDatabase(path, schemaSql);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
}

/**
 * Resolve the database path: `DATABASE_PATH` when set; else `<fallback>` in
 * `RUN4_DATA_DIR` (the directory a verifier such as Run 4 gives each server it
 * starts for its state); else `./data/<fallback>` in the working directory.
 *
 * @example
 * databasePath('architect.db'); // './data/architect.db' unless DATABASE_PATH or RUN4_DATA_DIR is set
 */
export function databasePath(fallbackFile: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DATABASE_PATH;
  if (fromEnv && fromEnv.trim() !== '') return fromEnv;
  const dataDir = env.RUN4_DATA_DIR;
  return `${dataDir && dataDir.trim() !== '' ? dataDir.replace(/\/+$/, '') : './data'}/${fallbackFile}`;
}

/**
 * True when a trivial query succeeds (used by the health endpoints).
 *
 * @example
 * databaseOk(db); // true
 */
export function databaseOk(db: Db): boolean {
  try {
    db.prepare('SELECT 1').get();
    return true;
  } catch {
    return false;
  }
}
