import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, call, connectMcp, freePort, type HttpServer, startHttpServer, tempDir } from '../helpers/servers.js';

const TASKTRACKER = readFileSync(join(APP_DIR, '..', '..', 'fixtures', 'tasktracker', 'sample_prd.md'), 'utf8');

interface Decomposition {
  service_map: { project_name: string; services: { name: string; endpoints: unknown[]; estimated_loc: number }[]; prd_hash: string };
  domain_model: { entities: { name: string; owning_service: string; state_machine: { transitions: unknown[] } | null }[] };
  contract_stubs: { service_name: string; type: string; version: string; spec: Record<string, unknown> }[];
  validation_issues: string[];
  interview_questions: string[];
}

describe('architect over MCP stdio, wired to a live contract-engine', () => {
  const tmp = tempDir('arch');
  let architect: Client;
  let engineMcp: Client;
  let engineHttp: HttpServer;
  let result: Decomposition;

  beforeAll(async () => {
    const contractsDb = join(tmp.dir, 'contracts.db');
    engineHttp = await startHttpServer('contract-engine', { DATABASE_PATH: contractsDb });
    engineMcp = await connectMcp('contract-engine', { DATABASE_PATH: contractsDb });
    architect = await connectMcp('architect', { DATABASE_PATH: join(tmp.dir, 'architect.db'), CONTRACT_ENGINE_URL: engineHttp.url });
  });
  afterAll(async () => {
    await architect?.close();
    await engineMcp?.close();
    await engineHttp?.stop();
    tmp.cleanup();
  });

  it('lists exactly the 4 tools of seed 003 section 1.1', async () => {
    const { tools } = await architect.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['decompose', 'get_contracts_for_service', 'get_domain_model', 'get_service_map']);
  });

  it('get_service_map and get_domain_model answer null before any decomposition', async () => {
    const map = await call(architect, 'get_service_map');
    expect(map.isError).toBe(false);
    expect(map.json).toBeNull();
    expect((await call(architect, 'get_domain_model')).json).toBeNull();
  });

  it('decomposes the TaskTracker PRD into 3 services, 3 entities and the order state machine', async () => {
    const r = await call(architect, 'decompose', { prd_text: TASKTRACKER });
    expect(r.isError).toBe(false);
    result = r.json as Decomposition;
    expect(r.structured).toEqual(result);
    expect(result.service_map.project_name).toBe('TaskTracker');
    expect(result.service_map.services.map((s) => s.name)).toEqual(['auth-service', 'order-service', 'notification-service']);
    expect(result.domain_model.entities.map((e) => [e.name, e.owning_service])).toEqual([['User', 'auth-service'], ['Order', 'order-service'], ['Notification', 'notification-service']]);
    expect(result.domain_model.entities.find((e) => e.name === 'Order')?.state_machine?.transitions).toHaveLength(6);
    expect(result.contract_stubs.map((s) => `${s.service_name}:${s.type}`)).toEqual(['auth-service:openapi', 'order-service:openapi', 'notification-service:openapi', 'order-service:asyncapi']);
    expect(result.validation_issues).toEqual([]);
  });

  it('gives contract stubs that validate_spec accepts, and stores each with create_contract', async () => {
    for (const stub of result.contract_stubs) {
      const v = await call(engineMcp, 'validate_spec', { spec: stub.spec, type: stub.type });
      expect(v.json, `${stub.service_name} ${stub.type}`).toMatchObject({ valid: true, errors: [] });
      const c = await call(engineMcp, 'create_contract', { service_name: stub.service_name, type: stub.type, version: stub.version, spec: stub.spec, build_cycle_id: 'tt-1' });
      expect(c.isError).toBe(false);
    }
  });

  it('get_contracts_for_service("auth-service") returns them from the Contract Engine over HTTP', async () => {
    const auth = (await call(architect, 'get_contracts_for_service', { service_name: 'auth-service' })).json as { role: string; type: string; counterparty: string }[];
    expect(auth).toEqual([expect.objectContaining({ role: 'provider', type: 'openapi', counterparty: 'order-service' })]);
    const notification = (await call(architect, 'get_contracts_for_service', { service_name: 'notification-service' })).json as { role: string; type: string }[];
    expect(notification.filter((c) => c.role === 'consumer').map((c) => c.type).sort()).toEqual(['asyncapi', 'openapi']);
  });

  it('get_service_map and get_domain_model return the stored decomposition', async () => {
    const map = (await call(architect, 'get_service_map')).json as Decomposition['service_map'];
    expect(map.prd_hash).toBe(result.service_map.prd_hash);
    const model = (await call(architect, 'get_domain_model')).json as Decomposition['domain_model'];
    expect(model.entities).toHaveLength(3);
  });

  it.each([
    ['decompose', { prd_text: 'too short' }, /at least 10/],
    ['decompose', { prd_text: 'x'.repeat(1024 * 1024 + 1) }, /1 MB/],
    ['decompose', { prd_text: 42 }, /prd_text/],
    ['decompose', {}, /prd_text/],
    ['get_contracts_for_service', { service_name: 7 }, /service_name/],
    ['get_contracts_for_service', {}, /service_name/],
  ])('%s answers invalid input with isError (%#) and keeps serving', async (tool, args, message) => {
    const r = await call(architect, tool, args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(message);
    expect((await call(architect, 'get_service_map')).isError).toBe(false);
  });
});

describe('architect when the Contract Engine is down', () => {
  const tmp = tempDir('arch-down');
  let architect: Client;
  beforeAll(async () => {
    const port = await freePort();
    architect = await connectMcp('architect', { DATABASE_PATH: join(tmp.dir, 'a.db'), CONTRACT_ENGINE_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await architect?.close();
    tmp.cleanup();
  });

  it('get_contracts_for_service returns [] instead of failing', async () => {
    const r = await call(architect, 'get_contracts_for_service', { service_name: 'auth-service' });
    expect(r.isError).toBe(false);
    expect(r.json).toEqual([]);
  });
});
