import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerContractHttp } from '../../src/index.js';
import { deadUrl, fakeHttp } from './fake-http.js';

const dir = mkdtempSync(path.join(tmpdir(), 'run4-register-http-'));
let refuse = false;
const engine = await fakeHttp(() => (refuse ? { status: 422, body: { detail: 'bad spec' } } : { status: 201, body: { id: 'c-1' } }));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registerContractHttp', () => {
  it('posts the given OpenAPI file as the service contract', async () => {
    const file = path.join(dir, 'accounts.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: { title: accounts, version: 2.0.0 }\npaths: {}\n');
    expect(await registerContractHttp(engine.url, 'accounts-api', file, { timeoutMs: 10_000, buildCycleId: 'cycle-1' })).toBe('ok');
    const sent = engine.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', url: '/api/contracts', body: { service_name: 'accounts-api', type: 'openapi', build_cycle_id: 'cycle-1', spec: { info: { title: 'accounts' } } } });
  });

  it('posts a minimal document when no file is given', async () => {
    await registerContractHttp(engine.url, 'svc', undefined, { timeoutMs: 10_000, buildCycleId: 'c' });
    expect(engine.requests.at(-1)!.body).toMatchObject({ spec: { openapi: '3.1.0', info: { title: 'svc' }, paths: {} } });
  });

  it('reports a refusal and an unreachable engine instead of throwing', async () => {
    refuse = true;
    expect(await registerContractHttp(engine.url, 'svc', undefined, { timeoutMs: 10_000, buildCycleId: 'c' })).toMatch(/^HTTP 422/);
    expect(await registerContractHttp(await deadUrl(), 'svc', undefined, { timeoutMs: 10_000, buildCycleId: 'c' })).toMatch(/^HTTP 0 /);
  });
});
