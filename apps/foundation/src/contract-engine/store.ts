import { randomUUID } from 'node:crypto';
import type { Db } from '../shared/db.js';
import type { ContractEntry, ContractType } from './schemas.js';

export const CONTRACT_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS contracts (
  id TEXT PRIMARY KEY,
  service_name TEXT NOT NULL,
  type TEXT NOT NULL,
  version TEXT NOT NULL,
  spec TEXT NOT NULL,
  spec_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  build_cycle_id TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (service_name, type, version, build_cycle_id)
);
CREATE INDEX IF NOT EXISTS idx_contracts_service ON contracts(service_name);
CREATE TABLE IF NOT EXISTS implementations (
  contract_id TEXT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  service_name TEXT NOT NULL,
  evidence_path TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'verified',
  created_at TEXT NOT NULL,
  PRIMARY KEY (contract_id, service_name)
);
CREATE TABLE IF NOT EXISTS test_suites (
  spec_hash TEXT NOT NULL,
  framework TEXT NOT NULL,
  include_negative INTEGER NOT NULL,
  contract_id TEXT NOT NULL,
  content TEXT NOT NULL,
  test_count INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (spec_hash, framework, include_negative)
);
`;

interface Row {
  id: string;
  service_name: string;
  type: string;
  version: string;
  spec: string;
  spec_hash: string;
  status: string;
  build_cycle_id: string;
  created_at: string;
  updated_at: string;
}

function toEntry(row: Row): ContractEntry {
  return { ...row, type: row.type as ContractType, spec: JSON.parse(row.spec) as Record<string, unknown> };
}

/** SQLite persistence of contracts, implementations and generated test suites. */
export class ContractStore {
  constructor(private readonly db: Db) {}

  findByKey(service: string, type: string, version: string, cycle: string): ContractEntry | null {
    const row = this.db
      .prepare('SELECT * FROM contracts WHERE service_name=? AND type=? AND version=? AND build_cycle_id=?')
      .get(service, type, version, cycle) as Row | undefined;
    return row ? toEntry(row) : null;
  }

  get(id: string): ContractEntry | null {
    const row = this.db.prepare('SELECT * FROM contracts WHERE id=?').get(id) as Row | undefined;
    return row ? toEntry(row) : null;
  }

  insert(c: Omit<ContractEntry, 'id' | 'created_at' | 'updated_at' | 'status'>): ContractEntry {
    const now = new Date().toISOString();
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO contracts (id, service_name, type, version, spec, spec_hash, status, build_cycle_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
      )
      .run(id, c.service_name, c.type, c.version, JSON.stringify(c.spec), c.spec_hash, 'active', c.build_cycle_id, now, now);
    return this.get(id) as ContractEntry;
  }

  updateSpec(id: string, spec: Record<string, unknown>, hash: string): ContractEntry {
    this.db
      .prepare('UPDATE contracts SET spec=?, spec_hash=?, updated_at=? WHERE id=?')
      .run(JSON.stringify(spec), hash, new Date().toISOString(), id);
    return this.get(id) as ContractEntry;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM contracts WHERE id=?').run(id).changes > 0;
  }

  list(service: string, type: string, page: number, pageSize: number): { items: ContractEntry[]; total: number } {
    const where: string[] = [];
    const args: string[] = [];
    if (service) {
      where.push('service_name=?');
      args.push(service);
    }
    if (type) {
      where.push('type=?');
      args.push(type);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM contracts ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM contracts ${clause} ORDER BY created_at, rowid LIMIT ? OFFSET ?`)
      .all(...args, pageSize, (page - 1) * pageSize) as Row[];
    return { items: rows.map(toEntry), total };
  }

  byService(service: string, type?: string): ContractEntry[] {
    const rows = (type
      ? this.db.prepare('SELECT * FROM contracts WHERE service_name=? AND type=? ORDER BY updated_at DESC, rowid DESC').all(service, type)
      : this.db.prepare('SELECT * FROM contracts WHERE service_name=? ORDER BY updated_at DESC, rowid DESC').all(service)) as Row[];
    return rows.map(toEntry);
  }

  markImplemented(contractId: string, service: string, evidence: string): void {
    this.db
      .prepare(
        'INSERT INTO implementations (contract_id, service_name, evidence_path, status, created_at) VALUES (?,?,?,?,?) ON CONFLICT(contract_id, service_name) DO UPDATE SET evidence_path=excluded.evidence_path',
      )
      .run(contractId, service, evidence, 'verified', new Date().toISOString());
  }

  implementationCount(contractId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM implementations WHERE contract_id=?').get(contractId) as { n: number }).n;
  }

  unimplemented(service: string): ContractEntry[] {
    const sql = `SELECT * FROM contracts c WHERE NOT EXISTS (SELECT 1 FROM implementations i WHERE i.contract_id=c.id)${service ? ' AND c.service_name=?' : ''} ORDER BY created_at, rowid`;
    const rows = (service ? this.db.prepare(sql).all(service) : this.db.prepare(sql).all()) as Row[];
    return rows.map(toEntry);
  }

  cachedSuite(hash: string, framework: string, negative: boolean): string | null {
    const row = this.db
      .prepare('SELECT content FROM test_suites WHERE spec_hash=? AND framework=? AND include_negative=?')
      .get(hash, framework, negative ? 1 : 0) as { content: string } | undefined;
    return row ? row.content : null;
  }

  saveSuite(hash: string, framework: string, negative: boolean, contractId: string, content: string, count: number): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO test_suites (spec_hash, framework, include_negative, contract_id, content, test_count, created_at) VALUES (?,?,?,?,?,?,?)',
      )
      .run(hash, framework, negative ? 1 : 0, contractId, content, count, new Date().toISOString());
  }
}
