import { fileURLToPath } from 'node:url';
import { isKnownRequirement } from '@run4/checks';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIntegrationReport, IntegrationReportSchema, overallHealth } from '../../src/layer2/integration-report.js';
import { runLayer2 } from '../../src/layer2/layer2.js';
import { startAuthService } from './fixtures/auth-service.js';
import { GOOD_TOKEN, orderContract } from './fixtures/order-contract.js';
import { startOrderService } from './fixtures/order-service.js';

const PACT = fileURLToPath(new URL('../../../../fixtures/tasktracker/sample_pact_auth.json', import.meta.url));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('runLayer2', () => {
  it('builds a passing IntegrationReport from live compliance and Pact verification', async () => {
    const order = await startOrderService();
    const auth = await startAuthService();
    closers.push(order.close, auth.close);
    const result = await runLayer2({
      services: [
        { name: 'order-service', baseUrl: order.url, openapi: structuredClone(orderContract) as never, authHeaders: { authorization: `Bearer ${GOOD_TOKEN}` } },
        { name: 'auth-service', baseUrl: auth.url, pactFiles: [PACT] },
      ],
      maxExamples: 3,
    });
    const report = IntegrationReportSchema.parse(result.integrationReport);
    expect(report.services_deployed).toBe(2);
    expect(report.services_healthy).toBe(2);
    expect(report.contract_tests_total).toBeGreaterThan(3);
    expect(report.contract_tests_passed).toBe(report.contract_tests_total);
    expect(report.overall_health).toBe('passed');
    expect(result.checks.find((c) => c.id === 'l2.integration.overall-health')?.status).toBe('PASS');
    expect(result.checks.every((c) => c.requirementIds.every(isKnownRequirement))).toBe(true);
  });

  it('marks an unreachable service unhealthy, skips its contract tests, and reports partial health', async () => {
    const order = await startOrderService({ undocumentedField: true });
    closers.push(order.close);
    const result = await runLayer2({
      services: [
        { name: 'order-service', baseUrl: order.url, openapi: structuredClone(orderContract) as never, authHeaders: { authorization: `Bearer ${GOOD_TOKEN}` } },
        { name: 'ghost-service', baseUrl: 'http://127.0.0.1:9', openapi: structuredClone(orderContract) as never },
      ],
      maxExamples: 2,
    });
    expect(result.healthy).toEqual(['order-service']);
    expect(result.checks.find((c) => c.id === 'l2.ghost-service.health')?.status).toBe('FAIL');
    expect(result.integrationReport.violations.some((v) => v.code === 'SCHEMA-001')).toBe(true);
    expect(result.integrationReport.overall_health).not.toBe('passed');
  });
});

describe('runLayer2 health gating', () => {
  it('still contract-tests a reachable service whose health endpoint is missing, and counts it unhealthy', async () => {
    const order = await startOrderService({ undocumentedField: true });
    closers.push(order.close);
    const result = await runLayer2({
      services: [{ name: 'order-service', baseUrl: order.url, healthPath: '/healthz', openapi: structuredClone(orderContract) as never, authHeaders: { authorization: `Bearer ${GOOD_TOKEN}` } }],
      maxExamples: 2,
    });
    expect(result.healthy).toEqual([]);
    expect(result.checks.find((c) => c.id === 'l2.order-service.health')).toMatchObject({ status: 'FAIL', evidence: expect.stringContaining('-> 404') });
    expect(result.violations.some((v) => v.code === 'SCHEMA-001')).toBe(true);
    expect(result.integrationReport.overall_health).toBe('failed');
  });
});

describe('overallHealth', () => {
  it('is failed at or below 70% compliance or with no healthy service, partial in between, passed when all pass', () => {
    expect(overallHealth({ services_deployed: 3, services_healthy: 3, passed: 7, total: 10 })).toBe('failed');
    expect(overallHealth({ services_deployed: 3, services_healthy: 0, passed: 0, total: 0 })).toBe('failed');
    expect(overallHealth({ services_deployed: 3, services_healthy: 3, passed: 48, total: 50 })).toBe('partial');
    expect(overallHealth({ services_deployed: 3, services_healthy: 2, passed: 50, total: 50 })).toBe('partial');
    expect(overallHealth({ services_deployed: 3, services_healthy: 3, passed: 50, total: 50 })).toBe('passed');
    expect(buildIntegrationReport({ services_deployed: 0, services_healthy: 0, contract_tests_total: 0, contract_tests_passed: 0, violations: [] }).overall_health).toBe('unknown');
  });
});
