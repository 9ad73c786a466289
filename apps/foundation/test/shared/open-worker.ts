// Worker for the concurrent-open test: open the database with codebase-intelligence's real schema, as its server does at start-up.
import { openDatabase } from '../../src/shared/db.js';
import { FTS_SCHEMA_SQL } from '../../src/codebase-intelligence/ranker.js';
import { SYMBOLS_SCHEMA_SQL } from '../../src/codebase-intelligence/store.js';

const [file] = process.argv.slice(2);
const db = openDatabase(file!, `${SYMBOLS_SCHEMA_SQL}\n${FTS_SCHEMA_SQL}\nCREATE TABLE IF NOT EXISTS opened_by (pid TEXT PRIMARY KEY);`);
db.prepare('INSERT INTO opened_by (pid) VALUES (?)').run(String(process.pid));
db.close();
process.stdout.write('ok\n');
