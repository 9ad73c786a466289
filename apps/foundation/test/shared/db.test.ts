import { execa } from 'execa';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath } from '../../src/shared/db.js';

const worker = path.join(__dirname, 'open-worker.ts');

describe('openDatabase', () => {
  it('lets several processes open the same new file at once (WAL switch and schema creation race)', async () => {
    // The race ("database is locked" at start-up) was seen in a real run with two codebase-intelligence servers
    // sharing one index; it needs the timing of a loaded machine, so this test is a guard, not a reliable reproducer.
    for (let round = 0; round < 5; round++) {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'fdb-')), 'shared.db');
      const results = await Promise.all(Array.from({ length: 6 }, () => execa('node', ['--import', 'tsx', worker, file], { reject: false })));
      expect(results.map((r) => `${r.exitCode} ${r.stdout}${r.stderr}`.trim()), `round ${round}`).toEqual(Array(6).fill('0 ok'));
      const db = new Database(file, { readonly: true });
      expect((db.prepare('SELECT count(*) AS n FROM opened_by').get() as { n: number }).n).toBe(6);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    }
  }, 120_000);
});

describe('databasePath', () => {
  it('prefers DATABASE_PATH, then the file in RUN4_DATA_DIR, then ./data', () => {
    expect(databasePath('a.db', { DATABASE_PATH: '/x/y.db', RUN4_DATA_DIR: '/run' })).toBe('/x/y.db');
    expect(databasePath('a.db', { RUN4_DATA_DIR: '/run/data/' })).toBe('/run/data/a.db');
    expect(databasePath('a.db', { DATABASE_PATH: ' ', RUN4_DATA_DIR: '' })).toBe('./data/a.db');
    expect(databasePath('a.db', {})).toBe('./data/a.db');
  });
});
