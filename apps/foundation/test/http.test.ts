import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, type HttpServer, startHttpServer, tempDir } from './helpers/servers.js';

const TASKTRACKER = readFileSync(join(APP_DIR, '..', '..', 'fixtures', 'tasktracker', 'sample_prd.md'), 'utf8');

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('HTTP APIs of the three services (seed 003 section 5.2)', () => {
  const tmp = tempDir('http');
  let engine: HttpServer;
  let architect: HttpServer;
  let intel: HttpServer;

  beforeAll(async () => {
    engine = await startHttpServer('contract-engine', { DATABASE_PATH: join(tmp.dir, 'c', 'contracts.db') });
    [architect, intel] = await Promise.all([
      startHttpServer('architect', { DATABASE_PATH: join(tmp.dir, 'a', 'architect.db'), CONTRACT_ENGINE_URL: engine.url }),
      startHttpServer('codebase-intelligence', { DATABASE_PATH: join(tmp.dir, 'i', 'symbols.db') }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([architect?.stop(), intel?.stop(), engine?.stop()]);
    tmp.cleanup();
  });

  it('GET /api/health answers a HealthStatus on every service', async () => {
    for (const [svc, name] of [[engine, 'contract-engine'], [architect, 'architect'], [intel, 'codebase-intelligence']] as const) {
      const r = await json(`${svc.url}/api/health`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'healthy', service_name: name, database: 'connected' });
    }
  });

  it('architect: 404 before decompose, then POST /api/decompose (201) registers the stubs with the Contract Engine', async () => {
    expect((await json(`${architect.url}/api/service-map`)).status).toBe(404);
    const r = await post(`${architect.url}/api/decompose`, { prd_text: TASKTRACKER });
    expect(r.status).toBe(201);
    const body = r.body as { service_map: { services: unknown[] }; registered_contracts: { id: string | null; error: string | null }[] };
    expect(body.service_map.services).toHaveLength(3);
    expect(body.registered_contracts).toHaveLength(4);
    expect(body.registered_contracts.every((c) => c.id && !c.error)).toBe(true);
    const list = (await json(`${engine.url}/api/contracts?service_name=order-service`)).body as { total: number };
    expect(list.total).toBe(2);
    expect((await json(`${architect.url}/api/service-map`)).status).toBe(200);
    expect(((await json(`${architect.url}/api/domain-model`)).body as { entities: unknown[] }).entities).toHaveLength(3);
  });

  it('architect: 422 for a PRD under 10 characters, 413 over 1 MB, 422 for a non-JSON body', async () => {
    expect((await post(`${architect.url}/api/decompose`, { prd_text: 'short' })).status).toBe(422);
    expect((await post(`${architect.url}/api/decompose`, { prd_text: 'y'.repeat(1024 * 1024 + 10) })).status).toBe(413);
    expect((await post(`${architect.url}/api/decompose`, 'not json')).status).toBe(422);
  });

  it('contract-engine: CRUD, 409 on immutability, validation, breaking changes, tests, implementations', async () => {
    const spec = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } } } } } } } };
    const created = await post(`${engine.url}/api/contracts`, { service_name: 'svc', type: 'openapi', version: '1', spec, build_cycle_id: 'b1' });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const conflict = await post(`${engine.url}/api/contracts`, { service_name: 'svc', type: 'openapi', version: '1', spec: { ...spec, info: { title: 'u', version: '1' } }, build_cycle_id: 'b1' });
    expect(conflict.status).toBe(409);
    expect((await post(`${engine.url}/api/contracts`, { service_name: 'svc', type: 'openapi' })).status).toBe(422);
    expect((await json(`${engine.url}/api/contracts/${id}`)).status).toBe(200);
    expect((await json(`${engine.url}/api/contracts/nope`)).status).toBe(404);
    expect(((await post(`${engine.url}/api/validate`, { spec, type: 'openapi' })).body as { valid: boolean }).valid).toBe(true);
    const breaking = (await post(`${engine.url}/api/breaking-changes/${id}`, { new_spec: { ...spec, paths: {} } })).body as { change_type: string }[];
    expect(breaking.map((b) => b.change_type)).toEqual(['path_removed']);
    const suite = (await post(`${engine.url}/api/tests/generate/${id}`, { framework: 'vitest', include_negative: true })).body as { test_code: string; test_count: number };
    expect(suite.test_count).toBeGreaterThan(0);
    expect(suite.test_code).toContain("from 'vitest'");
    expect((await json(`${engine.url}/api/tests/${id}?framework=pytest`)).status).toBe(200);
    expect(((await json(`${engine.url}/api/implementations/unimplemented?service_name=svc`)).body as unknown[]).length).toBe(1);
    expect(((await post(`${engine.url}/api/implementations/mark`, { contract_id: id, service_name: 'svc', evidence_path: 'x.js' })).body as { marked: boolean }).marked).toBe(true);
    expect((await json(`${engine.url}/api/contracts/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(`${engine.url}/api/contracts/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('codebase-intelligence: artifacts, symbols, dependencies, search and dead code', async () => {
    const file = join(tmp.dir, 'billing.py');
    writeFileSync(file, 'def charge_card(amount):\n    """Charge a payment card."""\n    return amount\n');
    const indexed = await post(`${intel.url}/api/artifacts`, { file_path: file, service_name: 'billing' });
    expect(indexed.body).toMatchObject({ indexed: true, symbols_found: 1 });
    const symbols = (await json(`${intel.url}/api/symbols?name=charge_card`)).body as { line_start: number }[];
    expect(symbols).toEqual([expect.objectContaining({ line_start: 1, kind: 'function', file_path: file })]);
    expect((await json(`${intel.url}/api/dependencies?file_path=${encodeURIComponent(file)}`)).body).toMatchObject({ imports: [] });
    const hits = (await post(`${intel.url}/api/search`, { query: 'card payment' })).body as { symbol_name: string }[];
    expect(hits[0]?.symbol_name).toBe('charge_card');
    const dead = (await json(`${intel.url}/api/dead-code?service_name=billing`)).body as { symbol_name: string }[];
    expect(dead.map((d) => d.symbol_name)).toEqual(['charge_card']);
    expect((await json(`${intel.url}/api/symbols`)).status).toBe(422);
  });
});

describe('start-up with an unusable DATABASE_PATH', () => {
  const tmp = tempDir('baddb');
  afterAll(() => tmp.cleanup());

  it('exits with code 2 and one line naming the path and the fix', async () => {
    const { spawnSync } = await import('node:child_process');
    const blocker = join(tmp.dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const r = spawnSync(process.execPath, [join(APP_DIR, 'dist', 'contract-engine', 'http.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: join(blocker, 'contracts.db') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`cannot open the SQLite database at ${blocker}/contracts\\.db: .*Set DATABASE_PATH`));
  });
});
