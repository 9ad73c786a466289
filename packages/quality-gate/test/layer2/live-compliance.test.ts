import { afterEach, describe, expect, it } from 'vitest';
import { runLiveCompliance, type LiveComplianceResult } from '../../src/layer2/live-compliance.js';
import { GOOD_TOKEN, orderContract } from './fixtures/order-contract.js';
import { startOrderService, type FixtureDefects, type FixtureService } from './fixtures/order-service.js';

const started: FixtureService[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function scan(defects: FixtureDefects, extra: { maxResponseTimeMs?: number; seed?: number } = {}): Promise<LiveComplianceResult> {
  const svc = await startOrderService(defects);
  started.push(svc);
  return runLiveCompliance({
    service: 'order-service',
    baseUrl: svc.url,
    openapi: structuredClone(orderContract) as unknown as Record<string, unknown>,
    authHeaders: { authorization: `Bearer ${GOOD_TOKEN}` },
    maxExamples: 4,
    seed: extra.seed ?? 7,
    ...(extra.maxResponseTimeMs ? { maxResponseTimeMs: extra.maxResponseTimeMs } : {}),
  });
}

function failedChecks(result: LiveComplianceResult): string[] {
  return result.checks.filter((c) => c.status === 'FAIL').map((c) => c.id.split('.').pop()!);
}

describe('runLiveCompliance against live HTTP services', () => {
  it('finds nothing wrong with a conforming service and exercises every named check', async () => {
    const result = await scan({});
    expect(result.violations).toEqual([]);
    expect(result.testsTotal).toBeGreaterThan(10);
    expect(result.testsPassed).toBe(result.testsTotal);
    const passed = result.checks.filter((c) => c.status === 'PASS').map((c) => c.id.split('.').pop());
    expect(passed).toEqual(
      expect.arrayContaining([
        'not_a_server_error',
        'status_code_conformance',
        'content_type_conformance',
        'response_headers_conformance',
        'response_schema_conformance',
        'negative_data_rejection',
        'positive_data_acceptance',
        'missing_required_header',
        'ignored_auth',
        'max_response_time',
      ]),
    );
  });

  it('reports an undocumented response field as SCHEMA-001 via response_schema_conformance', async () => {
    const result = await scan({ undocumentedField: true });
    const v = result.violations.filter((x) => x.code === 'SCHEMA-001');
    expect(v.length).toBeGreaterThan(0);
    expect(v[0]!.check).toBe('response_schema_conformance');
    expect(v.map((x) => x.message).join('\n')).toContain('internal_cost is not in the contract');
    expect(failedChecks(result)).toEqual(['response_schema_conformance']);
  });

  it('reports a wrong response type as SCHEMA-001 naming the field', async () => {
    const result = await scan({ wrongType: true });
    const v = result.violations.filter((x) => x.code === 'SCHEMA-001');
    expect(v.map((x) => x.message).join('\n')).toMatch(/quantity: must be integer \(got string/);
    expect(failedChecks(result)).toEqual(['response_schema_conformance']);
  });

  it('catches a 500 on bad input with not_a_server_error and gives a curl to reproduce it', async () => {
    const result = await scan({ crashOnBadInput: true });
    const v = result.violations.filter((x) => x.check === 'not_a_server_error');
    expect(v.length).toBeGreaterThan(0);
    expect(v[0]!.code).toBe('SCHEMA-003');
    expect(v[0]!.endpoint).toBe('POST /orders');
    expect(v[0]!.curl).toMatch(/^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/orders' /);
    expect(v[0]!.curl).toContain('$RUN4_AUTH_TOKEN');
    expect(v[0]!.curl).not.toContain(GOOD_TOKEN);
    expect(failedChecks(result)).toContain('not_a_server_error');
  });

  it('catches a service that ignores auth with ignored_auth (SCHEMA-006)', async () => {
    const result = await scan({ ignoreAuth: true });
    const v = result.violations.filter((x) => x.check === 'ignored_auth');
    expect(v.map((x) => x.endpoint).sort()).toEqual(expect.arrayContaining(['GET /orders', 'POST /orders']));
    expect(v.every((x) => x.code === 'SCHEMA-006')).toBe(true);
    expect(failedChecks(result)).toEqual(['ignored_auth']);
  });

  it('flags slow responses with max_response_time', async () => {
    const result = await scan({ delayMs: 60 }, { maxResponseTimeMs: 20 });
    expect(failedChecks(result)).toEqual(['max_response_time']);
    expect(result.violations.every((x) => x.code === 'SCHEMA-007')).toBe(true);
  });

  it('sends the same requests for the same seed', async () => {
    const a = await scan({ crashOnBadInput: true }, { seed: 99 });
    const b = await scan({ crashOnBadInput: true }, { seed: 99 });
    expect(a.violations.map((v) => v.curl?.replace(/:\d+\//, ':PORT/'))).toEqual(b.violations.map((v) => v.curl?.replace(/:\d+\//, ':PORT/')));
    expect(a.testsTotal).toBe(b.testsTotal);
  });
});

describe('each named check fails on its planted defect', () => {
  const cases: Array<[string, FixtureDefects, string, string]> = [
    ['positive_data_acceptance', { rejectValid: true }, 'SCHEMA-005', 'valid request rejected with 422'],
    ['negative_data_rejection', { acceptInvalid: true }, 'SCHEMA-004', 'invalid request accepted with 201'],
    ['missing_required_header', { ignoreRequestId: true }, 'SCHEMA-004', 'request without a required header answered 201'],
    ['status_code_conformance', { undocumentedStatus: true }, 'SCHEMA-002', 'status 202 is not documented'],
    ['content_type_conformance', { wrongContentType: true }, 'SCHEMA-002', 'content type text/plain is not documented'],
    ['response_headers_conformance', { dropTotalHeader: true }, 'SCHEMA-002', 'required header x-total-count missing'],
  ];
  for (const [check, defects, code, text] of cases) {
    it(`${check} catches ${Object.keys(defects)[0]}`, async () => {
      const result = await scan(defects);
      const hits = result.violations.filter((v) => v.check === check);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0]!.code).toBe(code);
      expect(hits.map((h) => h.message).join('\n')).toContain(text);
      expect(failedChecks(result)).toContain(check);
    });
  }
});
