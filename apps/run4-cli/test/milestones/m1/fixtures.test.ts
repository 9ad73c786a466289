import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStackProfile } from '../../../src/config/index.js';
import { checkAsyncApi, checkFixtures, checkOpenApi, checkPact, checkPrd } from '../../../src/milestones/m1/fixtures.js';
import { checkStackProfile } from '../../../src/milestones/m1/stack-profile.js';

const fixturesDir = path.resolve(__dirname, '../../../../../fixtures/tasktracker');
const copyDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-fixtures-'));
  for (const f of readdirSync(fixturesDir).filter((f) => f.startsWith('sample_'))) copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  return dir;
};
const edit = (file: string, fn: (text: string) => string) => writeFileSync(file, fn(readFileSync(file, 'utf8')));
const reference = () => loadStackProfile(path.join(fixturesDir, 'run4.stack.yaml')).profile;

describe('M1 fixture validation', () => {
  it('passes on the sample app the reference profile describes, with real parsers', async () => {
    const checks = await checkFixtures(reference());
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

describe('M1 stack profile check', () => {
  it('passes on the reference profile', async () => {
    const rec = await checkStackProfile(reference(), 'run4.stack.yaml');
    expect(rec.status, rec.evidence).toBe('PASS');
  });

  it('fails a role mapped to a server the .mcp.json does not have, and a flow calling an unknown service', async () => {
    const p = reference();
    p.build1.roles.architect = { mcp_server: 'planner' };
    p.sample_app.flows[0]!.steps[0]!.service = 'users-api';
    const rec = await checkStackProfile(p, 'run4.stack.yaml');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('build1.roles.architect.mcp_server: "planner" is not in the .mcp.json');
    expect(rec.evidence).toContain('calls "users-api"');
  });
});
