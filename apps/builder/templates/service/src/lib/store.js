// JSON-file storage: one file per collection under the data dir, loaded
// once, written atomically (tmp + rename), writes serialized per collection.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class JsonStore {
  /** @param {string} dataDir */
  constructor(dataDir) {
    this.dataDir = dataDir;
    this.collections = new Map();
    mkdirSync(dataDir, { recursive: true });
  }

  records(name) {
    let rows = this.collections.get(name);
    if (!rows) {
      try {
        rows = JSON.parse(readFileSync(this.file(name), 'utf8'));
        if (!Array.isArray(rows)) rows = [];
      } catch {
        rows = [];
      }
      this.collections.set(name, rows);
    }
    return rows;
  }

  file(name) {
    return join(this.dataDir, `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  flush(name) {
    const target = this.file(name);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.records(name), null, 2));
    renameSync(tmp, target);
  }

  list(name, predicate = () => true) {
    return this.records(name).filter(predicate);
  }

  get(name, id) {
    return this.records(name).find((row) => row.id === id);
  }

  find(name, predicate) {
    return this.records(name).find(predicate);
  }

  insert(name, record) {
    this.records(name).push(record);
    this.flush(name);
    return record;
  }

  update(name, id, patch) {
    const row = this.get(name, id);
    if (!row) return undefined;
    Object.assign(row, patch);
    this.flush(name);
    return row;
  }

  remove(name, id) {
    const rows = this.records(name);
    const index = rows.findIndex((row) => row.id === id);
    if (index < 0) return false;
    rows.splice(index, 1);
    this.flush(name);
    return true;
  }
}
