import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkArchitectCrossRef, checkServiceContracts, type Build1SessionOptions, type ServiceContractsOptions } from '../../src/index.js';
import { fixtureServer } from '../helpers.js';
import { fakeHttp } from '../http/fake-http.js';

const dir = mkdtempSync(path.join(tmpdir(), 'run4-contracts-'));
const profileFile = path.join(dir, 'accounts.yaml');
writeFileSync(profileFile, 'openapi: 3.1.0\ninfo: { title: accounts, version: 2.0.0 }\npaths: {}\n');

/** A Contract Engine HTTP API with planted defects. */
const plant = { refuseCreateFor: '', invalid: false, hideFromList: false };
let store = new Map<string, { spec: unknown }>();
const engine = await fakeHttp(({ method, url, body }) => {
  const b = body as { service_name?: string; spec?: unknown } | undefined;
  if (method === 'POST' && url === '/api/contracts') {
    if (b?.service_name === plant.refuseCreateFor) return { status: 500, body: { detail: 'boom' } };
    const id = `c-${store.size + 1}`;
    store.set(id, { spec: { ...(b?.spec as object), stored: true } });
    return { status: 201, body: { id } };
  }
  if (method === 'POST' && url === '/api/validate') return { status: 200, body: plant.invalid ? { valid: false, errors: ['paths missing'] } : { valid: true, errors: [] } };
  if (method === 'GET' && url.startsWith('/api/contracts?')) return { status: 200, body: { items: plant.hideFromList ? [] : [...store.keys()].map((id) => ({ id })) } };
  const id = url.split('/').at(-1)!;
  return store.has(id) ? { status: 200, body: { id, spec: store.get(id)!.spec } } : { status: 404, body: {} };
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  Object.assign(plant, { refuseCreateFor: '', invalid: false, hideFromList: false });
  store = new Map();
});

const options = (over: Partial<ServiceContractsOptions> = {}): ServiceContractsOptions => ({
  engineUrl: engine.url,
  unavailable: 'engine not deployed',
  services: ['accounts', 'orders'],
  stubs: [{ service_name: 'orders', type: 'openapi', spec: { openapi: '3.1.0', info: { title: 'orders', version: '1.0.0' }, paths: {} } }],
  profileContracts: { accounts: { openapi: profileFile } },
  buildCycleId: 'cycle-1',
  contractsDir: path.join(dir, 'out'),
  ...over,
});
const status = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('checkServiceContracts', () => {
  it('registers the profile file and the architect stub, validates, lists them back and writes the stored specs', async () => {
    const r = await checkServiceContracts(options());
    expect(status(r.checks)).toEqual({ 'm4.contracts.register': 'PASS', 'm4.contracts.validate': 'PASS', 'm4.contracts.list': 'PASS', 'm4.contracts.coverage': 'PASS' });
    expect(r.gateFailed).toBeUndefined();
    expect(r.firstRegistered).toBe('accounts');
    expect(r.contracts.accounts).toMatchObject({ ids: ['c-1'], sources: ['openapi: profile accounts.yaml'] });
    expect(r.contracts.orders!.sources).toEqual(['openapi: architect stub']);
    expect(parseYaml(readFileSync(r.contracts.accounts!.openapi!, 'utf8'))).toMatchObject({ info: { version: '2.0.0' }, stored: true });
    expect(engine.requests.find((q) => q.url === '/api/contracts')!.body).toMatchObject({ service_name: 'accounts', version: '2.0.0', build_cycle_id: 'cycle-1' });
  });

  it('fails the gate when the engine refuses a contract', async () => {
    plant.refuseCreateFor = 'orders';
    const r = await checkServiceContracts(options());
    expect(status(r.checks)['m4.contracts.register']).toBe('FAIL');
    expect(r.checks[0]!.evidence).toContain('orders/openapi from architect stub HTTP 500');
    expect(r.gateFailed).toContain('1/2 created');
  });

  it('fails the gate when a contract does not validate', async () => {
    plant.invalid = true;
    const r = await checkServiceContracts(options());
    expect(status(r.checks)['m4.contracts.validate']).toBe('FAIL');
    expect(r.checks[1]!.evidence).toContain('accounts/openapi valid=false ["paths missing"]');
    expect(r.gateFailed).toContain('accounts/openapi valid=false');
  });

  it('fails the listing when a registered contract is not listed back (not gated)', async () => {
    plant.hideFromList = true;
    const r = await checkServiceContracts(options());
    expect(status(r.checks)['m4.contracts.list']).toBe('FAIL');
    expect(r.checks[2]!.evidence).toContain('missing accounts/openapi, orders/openapi');
    expect(r.gateFailed).toBeUndefined();
  });

  it('fails coverage for a service without a contract and names profile services the architect missed', async () => {
    const r = await checkServiceContracts(options({ services: ['accounts', 'mailer'], profileContracts: { accounts: { openapi: profileFile }, billing: { openapi: profileFile } } }));
    expect(status(r.checks)['m4.contracts.coverage']).toBe('FAIL');
    expect(r.checks[3]!.evidence).toBe("1/2 services with a contract; none for mailer (neither the stack profile nor the architect's stubs give one); the profile's billing not found by the architect");
  });

  it('fails the gate when the engine cannot be reached', async () => {
    const r = await checkServiceContracts(options({ engineUrl: undefined }));
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({ id: 'm4.contracts.register', status: 'FAIL', evidence: 'engine not deployed' });
    expect(r.gateFailed).toBe('engine not deployed');
  });
});

describe('checkArchitectCrossRef', { timeout: 120_000 }, () => {
  const session = (env: Record<string, string> = {}): Build1SessionOptions => ({
    servers: { architect: fixtureServer('pipeline-server.mjs', 'architect', { FIXTURE_ROLE: 'architect', ...env }) },
    unavailable: (role) => `no ${role} server`,
    startupTimeoutMs: 120_000,
    callTimeoutMs: 30_000,
  });

  it('passes when the architect lists the contracts of a registered service', async () => {
    const c = await checkArchitectCrossRef(session(), 'accounts', 'http://engine');
    expect(c).toMatchObject({ id: 'm4.contracts.architect-cross-ref', status: 'PASS', evidence: '1 contracts for accounts via http://engine' });
  });

  it('fails on an empty list, an error, and a missing architect; skips with nothing registered', async () => {
    expect((await checkArchitectCrossRef(session({ FIXTURE_EMPTY: 'get_contracts_for_service' }), 'accounts', 'http://engine')).evidence).toBe('an empty list for accounts, although its contracts are registered at http://engine');
    expect((await checkArchitectCrossRef(session({ FIXTURE_ERROR: 'get_contracts_for_service' }), 'accounts', 'http://engine')).status).toBe('FAIL');
    expect(await checkArchitectCrossRef({ ...session(), servers: {} }, 'accounts', 'http://engine')).toMatchObject({ status: 'FAIL', evidence: 'no architect server' });
    expect((await checkArchitectCrossRef(session(), undefined, 'http://engine')).status).toBe('SKIP');
  });
});
