import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAsyncApi, checkFixtures, checkOpenApi, checkPact, checkPrd, FIXTURES } from '../../../src/milestones/m1/fixtures.js';

const fixturesDir = path.resolve(__dirname, '../../../../../fixtures/tasktracker');
const copyDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-fixtures-'));
  for (const f of Object.values(FIXTURES)) copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  return dir;
};
const edit = (file: string, fn: (text: string) => string) => writeFileSync(file, fn(readFileSync(file, 'utf8')));

describe('M1 fixture validation', () => {
  it('passes on the shipped TaskTracker fixtures with real parsers', async () => {
    const checks = await checkFixtures(fixturesDir, path.join(fixturesDir, FIXTURES.prd));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['m1.fixture.prd', 'PASS'],
      ['m1.fixture.openapi-auth', 'PASS'],
      ['m1.fixture.openapi-order', 'PASS'],
      ['m1.fixture.asyncapi-order', 'PASS'],
      ['m1.fixture.pact-auth', 'PASS'],
    ]);
    expect(checks.every((c) => c.requirementIds.includes('R4-M1-003'))).toBe(true);
  });

  it('fails an OpenAPI document with an invalid structure', async () => {
    const dir = copyDir();
    const file = path.join(dir, FIXTURES.openapiAuth);
    edit(file, (t) => t.replace(/^paths:/m, 'pathz:'));
    const rec = await checkOpenApi(file, ['/register'], 'x');
    expect(rec.status).toBe('FAIL');
  });

  it('fails an OpenAPI document that lacks an expected path or is not 3.1', async () => {
    const dir = copyDir();
    const file = path.join(dir, FIXTURES.openapiOrder);
    expect((await checkOpenApi(file, ['/orders', '/refunds'], 'x')).evidence).toContain('/refunds');
    edit(file, (t) => t.replace(/^openapi: .*$/m, 'openapi: 3.0.3'));
    expect((await checkOpenApi(file, ['/orders'], 'x')).evidence).toContain('expected 3.1');
  });

  it('fails an AsyncAPI document with an invalid operation action', async () => {
    const dir = copyDir();
    const file = path.join(dir, FIXTURES.asyncapiOrder);
    edit(file, (t) => t.replace(/action: send/g, 'action: publish'));
    const rec = await checkAsyncApi(file, ['OrderCreated'], 'x');
    expect(rec.status).toBe('FAIL');
  });

  it('fails a Pact file with the wrong interaction type or parties', async () => {
    const dir = copyDir();
    const file = path.join(dir, FIXTURES.pactAuth);
    expect((await checkPact(file, 'billing-service', 'auth-service', 'x')).status).toBe('FAIL');
    edit(file, (t) => t.replaceAll('Synchronous/HTTP', 'Asynchronous/Messages'));
    const rec = await checkPact(file, 'order-service', 'auth-service', 'x');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('interactions');
  });

  it('fails a PRD that does not describe the three services', async () => {
    const dir = copyDir();
    const file = path.join(dir, FIXTURES.prd);
    edit(file, (t) => t.replaceAll('notification-service', 'mailer'));
    expect((await checkPrd(file, 'x')).evidence).toContain('notification-service');
    expect((await checkPrd(path.join(dir, 'missing.md'), 'x')).status).toBe('FAIL');
  });
});
