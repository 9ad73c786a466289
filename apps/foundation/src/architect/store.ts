import type { Db } from '../shared/db.js';
import type { DecompositionResult, DomainModel, ServiceMap } from './schemas.js';

export const ARCHITECT_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS decompositions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  prd_hash TEXT NOT NULL,
  project_name TEXT NOT NULL,
  service_map TEXT NOT NULL,
  domain_model TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;

/** SQLite persistence of decompositions; the latest one is "the" service map. */
export class ArchitectStore {
  constructor(private readonly db: Db) {}

  save(r: DecompositionResult): void {
    this.db
      .prepare('INSERT INTO decompositions (prd_hash, project_name, service_map, domain_model, result, created_at) VALUES (?,?,?,?,?,?)')
      .run(r.service_map.prd_hash, r.service_map.project_name, JSON.stringify(r.service_map), JSON.stringify(r.domain_model), JSON.stringify(r), new Date().toISOString());
  }

  private latest(column: 'service_map' | 'domain_model'): unknown {
    const row = this.db.prepare(`SELECT ${column} AS v FROM decompositions ORDER BY id DESC LIMIT 1`).get() as { v: string } | undefined;
    return row ? JSON.parse(row.v) : null;
  }

  serviceMap(): ServiceMap | null {
    return this.latest('service_map') as ServiceMap | null;
  }

  domainModel(): DomainModel | null {
    return this.latest('domain_model') as DomainModel | null;
  }
}
