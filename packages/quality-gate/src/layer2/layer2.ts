import { check, type CheckRecord } from '@run4/checks';
import type { ContractViolation } from './contract-violation.js';
import { buildIntegrationReport, type ExtraTestCounts, type IntegrationReport } from './integration-report.js';
import { runLiveCompliance, type LiveComplianceOptions } from './live-compliance.js';
import { verifyPacts, type PactVerifyOptions } from './pact-verify.js';

/** A deployed service as Layer 2 sees it. */
export interface Layer2Service {
  name: string;
  baseUrl: string;
  /** OpenAPI document (path or object); a service without one gets health and Pact checks only. */
  openapi?: LiveComplianceOptions['openapi'];
  /** Health path probed before testing. Default `/health`. */
  healthPath?: string;
  authHeaders?: Record<string, string>;
  /** Consumer pacts in which this service is the provider. */
  pactFiles?: string[];
  stateHandlers?: PactVerifyOptions['stateHandlers'];
}

/** Options of a whole Layer 2 run. */
export interface Layer2Options {
  services: Layer2Service[];
  seed?: number;
  maxExamples?: number;
  maxResponseTimeMs?: number;
  /** Counts from cross-service flow and boundary tests, merged into the report. */
  extraCounts?: ExtraTestCounts;
}

/** Result of Layer 2: the seed's IntegrationReport plus check records. */
export interface Layer2Result {
  integrationReport: IntegrationReport;
  violations: ContractViolation[];
  checks: CheckRecord[];
  /** Services whose health endpoint answered 2xx (unhealthy but reachable services are still contract-tested). */
  healthy: string[];
}

async function probeHealth(url: string): Promise<{ ok: boolean; reachable: boolean; evidence: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return { ok: res.ok, reachable: true, evidence: `GET ${url} -> ${res.status}` };
  } catch (error) {
    return { ok: false, reachable: false, evidence: `GET ${url} failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}` };
  }
}

/**
 * Layer 2: probe health, run live contract compliance against each
 * reachable service's OpenAPI document and verify the consumer pacts it provides,
 * then build the IntegrationReport (seed 003 section 7.4).
 *
 * @example
 * const l2 = await runLayer2({ services: [{ name: 'billing-service', baseUrl: 'http://127.0.0.1:8080', openapi: 'contracts/openapi.yaml' }] });
 * l2.integrationReport.overall_health; // 'passed' | 'partial' | 'failed'
 */
export async function runLayer2(options: Layer2Options): Promise<Layer2Result> {
  const violations: ContractViolation[] = [];
  const checks: CheckRecord[] = [];
  const healthy: string[] = [];
  let total = 0;
  let passed = 0;
  for (const svc of options.services) {
    const healthUrl = new URL(svc.healthPath ?? '/health', svc.baseUrl).href;
    const health = await probeHealth(healthUrl);
    checks.push(check(`l2.${svc.name}.health`, `${svc.name}: health endpoint answers`, health.ok ? 'PASS' : 'FAIL', health.evidence, ['R4-M4-006', 'B3-02']));
    if (health.ok) healthy.push(svc.name);
    // An unreachable service cannot be tested; one that answers but has no health endpoint still can.
    if (!health.reachable) continue;
    if (svc.openapi) {
      const live = await runLiveCompliance({
        service: svc.name,
        baseUrl: svc.baseUrl,
        openapi: svc.openapi,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.maxExamples !== undefined ? { maxExamples: options.maxExamples } : {}),
        ...(options.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: options.maxResponseTimeMs } : {}),
        ...(svc.authHeaders ? { authHeaders: svc.authHeaders } : {}),
      });
      total += live.testsTotal;
      passed += live.testsPassed;
      violations.push(...live.violations);
      checks.push(...live.checks);
    }
    if (svc.pactFiles && svc.pactFiles.length > 0) {
      const pact = await verifyPacts({
        provider: svc.name,
        providerBaseUrl: svc.baseUrl,
        pactFiles: svc.pactFiles,
        ...(svc.stateHandlers ? { stateHandlers: svc.stateHandlers } : {}),
      });
      total += pact.interactionsTotal;
      passed += pact.interactionsPassed;
      violations.push(...pact.violations);
      checks.push(...pact.checks);
    }
  }
  const integrationReport = buildIntegrationReport({
    services_deployed: options.services.length,
    services_healthy: healthy.length,
    contract_tests_total: total,
    contract_tests_passed: passed,
    violations,
    ...options.extraCounts,
  });
  checks.push(
    check(
      'l2.integration.overall-health',
      'Integration report overall_health is not "failed"',
      integrationReport.overall_health === 'failed' ? 'FAIL' : integrationReport.overall_health === 'unknown' ? 'SKIP' : 'PASS',
      `overall_health=${integrationReport.overall_health}; contract tests ${passed}/${total}; healthy ${healthy.length}/${options.services.length}`,
      ['SC-04', 'R4-M4-006'],
    ),
  );
  return { integrationReport, violations, checks, healthy };
}
