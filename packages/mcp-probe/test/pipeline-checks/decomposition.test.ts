import { afterAll, describe, expect, it } from 'vitest';
import { checkDecomposition } from '../../src/index.js';
import { deadUrl, fakeHttp, type FakeAnswer } from '../http/fake-http.js';

const good = {
  service_map: { services: [{ name: 'accounts' }, { name: 'orders' }, { name: 'mailer' }] },
  domain_model: { entities: [{ name: 'User' }, { name: 'Order' }, { name: 'Message' }] },
  contract_stubs: [
    { service_name: 'accounts', type: 'openapi', spec: { openapi: '3.1.0' } },
    { service_name: 'orders', type: 'openapi', spec: { openapi: '3.1.0' } },
    { not: 'a stub' },
  ],
  registered_contracts: [{}, {}],
};
let answer: FakeAnswer = { status: 201, body: good };
const architect = await fakeHttp(() => answer);
afterAll(() => architect.close());

const run = (url: string | undefined = architect.url) => checkDecomposition({ url, unavailable: 'architect not deployed', prdText: 'a PRD', timeoutMs: 10_000 });
const byId = (checks: { id: string; status: string; evidence: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('checkDecomposition', () => {
  it('passes a decomposition with 3 services, 3 entities and 2 stubs, and keeps what it found', async () => {
    answer = { status: 201, body: good };
    const r = await run();
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['m4.decompose.service-map', 'PASS'],
      ['m4.decompose.domain-model', 'PASS'],
      ['m4.decompose.contract-stubs', 'PASS'],
    ]);
    expect(r.gateFailed).toBeUndefined();
    expect(r.services).toEqual(['accounts', 'orders', 'mailer']);
    expect(r.entities).toEqual(['User', 'Order', 'Message']);
    expect(r.stubs.map((s) => s.service_name)).toEqual(['accounts', 'orders']);
    expect(byId(r.checks)['m4.decompose.contract-stubs']!.evidence).toBe('3 stubs; 2 registered with the Contract Engine');
    expect(architect.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/decompose', body: { prd_text: 'a PRD' } });
  });

  it('fails the gate on too few services or entities, and the stub check on too few stubs', async () => {
    answer = { status: 201, body: { ...good, service_map: { services: [{ name: 'one' }] }, domain_model: { entities: [] }, contract_stubs: [] } };
    const r = await run();
    const c = byId(r.checks);
    expect(c['m4.decompose.service-map']!.status).toBe('FAIL');
    expect(c['m4.decompose.domain-model']!.status).toBe('FAIL');
    expect(c['m4.decompose.contract-stubs']!.status).toBe('FAIL');
    expect(r.gateFailed).toBe('1 services: one; 0 entities: ');
  });

  it('does not gate on stubs alone', async () => {
    answer = { status: 201, body: { ...good, contract_stubs: [] } };
    const r = await run();
    expect(byId(r.checks)['m4.decompose.contract-stubs']!.status).toBe('FAIL');
    expect(r.gateFailed).toBeUndefined();
  });

  it('fails on a wrong status, a wrong shape, no answer, and no architect', async () => {
    answer = { status: 200, body: good };
    expect((await run()).gateFailed).toMatch(/^POST \/api\/decompose: HTTP 200; body /);
    answer = { status: 201, body: { service_map: {} } };
    const shape = await run();
    expect(shape.checks).toHaveLength(1);
    expect(shape.checks[0]).toMatchObject({ id: 'm4.decompose', status: 'FAIL' });
    expect(shape.gateFailed).toMatch(/unexpected shape: service_map\.services/);
    expect(shape.decomposition).toBeUndefined();
    expect((await run(await deadUrl())).gateFailed).toMatch(/ECONNREFUSED/);
    const none = await run(null as unknown as undefined);
    expect(none.checks[0]).toMatchObject({ id: 'm4.decompose', status: 'FAIL', evidence: 'architect not deployed' });
  });
});
