import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StackProfileSchema, type StackProfile } from '@run4/schemas';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkAsyncApi, checkOpenApi, checkPact, checkPrd, checkSampleAppFixtures } from '../../src/index.js';

const fixturesDir = path.resolve(__dirname, '../../../../fixtures/tasktracker');
const copyDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-fixtures-'));
  for (const f of readdirSync(fixturesDir).filter((f) => f.startsWith('sample_'))) copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  return dir;
};
const edit = (file: string, fn: (text: string) => string) => writeFileSync(file, fn(readFileSync(file, 'utf8')));

/** The reference profile's sample app, its files resolved against the profile's directory. */
function referenceApp(): StackProfile['sample_app'] {
  const app = StackProfileSchema.parse(parse(readFileSync(path.join(fixturesDir, 'run4.stack.yaml'), 'utf8'))).sample_app;
  const abs = (p: string) => path.resolve(fixturesDir, p);
  const contracts = Object.fromEntries(Object.entries(app.contracts).map(([s, c]) => [s, { ...c, ...(c.openapi ? { openapi: abs(c.openapi) } : {}), ...(c.asyncapi ? { asyncapi: abs(c.asyncapi) } : {}), pacts: c.pacts.map(abs) }]));
  return { ...app, prd: abs(app.prd), contracts };
}

describe('sample app fixture validation', () => {
  it('passes on the sample app the reference profile describes, with real parsers', async () => {
    const checks = await checkSampleAppFixtures(referenceApp(), 'm1.fixture');
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['m1.fixture.prd', 'PASS'],
      ['m1.fixture.openapi.auth-service', 'PASS'],
      ['m1.fixture.pact.auth-service.sample_pact_auth', 'PASS'],
      ['m1.fixture.openapi.order-service', 'PASS'],
      ['m1.fixture.asyncapi.order-service', 'PASS'],
      ['m1.fixture.openapi.notification-service', 'PASS'],
      ['m1.fixture.asyncapi.notification-service', 'PASS'],
    ]);
    expect(checks.every((c) => c.requirementIds.includes('R4-M1-003'))).toBe(true);
  });

  it('SKIPs the contracts when the profile gives none', async () => {
    const checks = await checkSampleAppFixtures({ ...referenceApp(), contracts: {} }, 'fixture');
    expect(checks.map((c) => [c.id, c.status])).toEqual([['fixture.prd', 'PASS'], ['fixture.contracts', 'SKIP']]);
  });

  it('fails an OpenAPI document with an invalid structure', async () => {
    const file = path.join(copyDir(), 'sample_openapi_auth.yaml');
    edit(file, (t) => t.replace(/^paths:/m, 'pathz:'));
    expect((await checkOpenApi(file, [], 'x')).status).toBe('FAIL');
  });

  it('fails an OpenAPI document that lacks an expected path or is not 3.1', async () => {
    const file = path.join(copyDir(), 'sample_openapi_order.yaml');
    expect((await checkOpenApi(file, ['/orders', '/refunds'], 'x')).evidence).toContain('/refunds');
    edit(file, (t) => t.replace(/^openapi: .*$/m, 'openapi: 3.0.3'));
    expect((await checkOpenApi(file, ['/orders'], 'x')).evidence).toContain('expected 3.1');
  });

  it('fails an AsyncAPI document with an invalid operation action', async () => {
    const file = path.join(copyDir(), 'sample_asyncapi_order.yaml');
    edit(file, (t) => t.replace(/action: send/g, 'action: publish'));
    expect((await checkAsyncApi(file, ['OrderCreated'], 'x')).status).toBe('FAIL');
  });

  it('fails a Pact file listed under the wrong provider, of the wrong type, or calling undocumented paths', async () => {
    const file = path.join(copyDir(), 'sample_pact_auth.json');
    expect((await checkPact(file, 'billing-service', 'x')).evidence).toContain('provider is auth-service');
    const undocumented = await checkPact(file, 'auth-service', 'x', ['/register']);
    expect(undocumented.status).toBe('FAIL');
    expect(undocumented.evidence).toContain('/login');
    expect((await checkPact(file, 'auth-service', 'x', ['/register', '/login', '/users/{id}', '/users/me'])).status).toBe('PASS');
    edit(file, (t) => t.replaceAll('Synchronous/HTTP', 'Asynchronous/Messages'));
    const rec = await checkPact(file, 'auth-service', 'x');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('interactions');
  });

  it('fails a PRD that does not name a service the profile gives contracts for', async () => {
    const dir = copyDir();
    const file = path.join(dir, 'sample_prd.md');
    edit(file, (t) => t.replaceAll('notification-service', 'mailer'));
    expect((await checkPrd(file, ['auth-service', 'notification-service'], 'x')).evidence).toContain('notification-service');
    expect((await checkPrd(path.join(dir, 'missing.md'), [], 'x')).status).toBe('FAIL');
  });
});
