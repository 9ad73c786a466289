import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PactFileError, verifyPacts } from '../../src/layer2/pact-verify.js';
import { startAuthService } from './fixtures/auth-service.js';

const PACT = fileURLToPath(new URL('../../../../fixtures/tasktracker/sample_pact_auth.json', import.meta.url));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('verifyPacts (Pact V4 provider verification)', () => {
  it('passes every interaction of the order→auth pact against a provider that honours it', async () => {
    const svc = await startAuthService();
    closers.push(svc.close);
    const result = await verifyPacts({ provider: 'auth-service', providerBaseUrl: svc.url, pactFiles: [PACT] });
    expect(result.interactionsTotal).toBe(3);
    expect(result.interactionsPassed).toBe(3);
    expect(result.violations).toEqual([]);
    expect(result.checks.map((c) => c.status)).toEqual(['PASS', 'PASS', 'PASS']);
  });

  it('reports PACT-001 for exactly the interaction the provider breaks', async () => {
    const svc = await startAuthService({ ignoreMissingToken: true });
    closers.push(svc.close);
    const result = await verifyPacts({ provider: 'auth-service', providerBaseUrl: svc.url, pactFiles: [PACT] });
    expect(result.interactionsPassed).toBe(2);
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({ code: 'PACT-001', service: 'auth-service', endpoint: 'a request for the current user without a bearer token' });
    expect(result.checks.filter((c) => c.status === 'FAIL')).toHaveLength(1);
    expect(result.violations[0]!.message).toContain('expected 401 but was 200');
    expect(result.violations[0]!.actual).toContain('Actual map is missing the following keys: code, message');
  });

  it('skips pacts of other providers and rejects a file that is not a pact', async () => {
    const result = await verifyPacts({ provider: 'notification-service', providerBaseUrl: 'http://127.0.0.1:9', pactFiles: [PACT] });
    expect(result.interactionsTotal).toBe(0);
    await expect(verifyPacts({ provider: 'x', providerBaseUrl: 'http://127.0.0.1:9', pactFiles: [fileURLToPath(import.meta.url)] })).rejects.toBeInstanceOf(PactFileError);
  });
});
