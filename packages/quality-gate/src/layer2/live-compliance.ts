import { check, type CheckRecord } from '@run4/checks';
import { CHECK_CODES, CONTRACT_CODES, ContractCheckNameSchema, type ContractCheckName, type ContractViolation } from './contract-violation.js';
import { loadContract, type LoadedContract, type OperationParameter } from './openapi-operations.js';
import { orderForState, ResourcePool } from './resource-pool.js';
import { buildCases, type RequestCase } from './request-cases.js';
import { evaluateResponse, type ObservedResponse } from './response-checks.js';
import { toCurl } from './curl.js';

/** Options of a live contract compliance run against one service. */
export interface LiveComplianceOptions {
  /** Service name used in violations. */
  service: string;
  /** Base URL of the running service, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** OpenAPI file path, inline document, or an already loaded contract. */
  openapi: string | Record<string, unknown> | LoadedContract;
  /** Generator seed; the same seed sends the same requests. Default 42. */
  seed?: number;
  /** Maximum positive and maximum negative examples per operation. Default 5. */
  maxExamples?: number;
  /** Credentials for secured operations, e.g. `{ authorization: 'Bearer …' }`. */
  authHeaders?: Record<string, string>;
  /** max_response_time threshold. Default 2000 ms. */
  maxResponseTimeMs?: number;
  /** Per-request timeout. Default 10000 ms. */
  requestTimeoutMs?: number;
  /** Contract path recorded in violations' `file_path`. */
  contractPath?: string;
}

/** Result of a live contract compliance run. */
export interface LiveComplianceResult {
  service: string;
  seed: number;
  testsTotal: number;
  testsPassed: number;
  violations: ContractViolation[];
  /** One record per named check: PASS, FAIL, or SKIP when no case exercised it. */
  checks: CheckRecord[];
}

/** Every named check except Pact's, which `verifyPacts` reports. */
const LIVE_CHECKS: ContractCheckName[] = ContractCheckNameSchema.options.filter((c) => c !== 'pact_verification');

const MAX_BODY = 1024 * 1024;

function isLoaded(value: LiveComplianceOptions['openapi']): value is LoadedContract {
  return typeof value === 'object' && Array.isArray((value as { operations?: unknown }).operations);
}

async function send(baseUrl: string, c: RequestCase, timeoutMs: number): Promise<ObservedResponse> {
  const started = performance.now();
  const res = await fetch(new URL(c.target, baseUrl), {
    method: c.operation.method,
    headers: c.headers,
    ...(c.body !== undefined ? { body: c.body } : {}),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  const text = await res.text();
  const elapsedMs = performance.now() - started;
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return { status: res.status, headers, body: text.slice(0, MAX_BODY), elapsedMs };
}

/**
 * Test a running service against its OpenAPI contract: generate seeded
 * positive and negative requests per operation, send them, and judge each
 * response with the Schemathesis-named checks. Each failure becomes a
 * contract violation with a curl command that reproduces it.
 *
 * @example
 * const result = await runLiveCompliance({ service: 'billing-service', baseUrl: 'http://127.0.0.1:8080', openapi: 'contracts/openapi.yaml' });
 * result.violations.filter((v) => v.code === 'SCHEMA-001');
 */
export async function runLiveCompliance(options: LiveComplianceOptions): Promise<LiveComplianceResult> {
  const seed = options.seed ?? 42;
  const maxExamples = Math.max(1, Math.min(options.maxExamples ?? 5, 100));
  const limits = { maxResponseTimeMs: options.maxResponseTimeMs ?? 2000 };
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const contract = isLoaded(options.openapi) ? options.openapi : await loadContract(options.openapi);
  const filePath = options.contractPath ?? (typeof options.openapi === 'string' ? options.openapi : contract.source);
  const started = performance.now();
  const stats = new Map<ContractCheckName, { ran: number; failed: number; first?: string }>();
  const violations = new Map<string, ContractViolation>();
  let testsTotal = 0;
  let testsPassed = 0;

  const pool = new ResourcePool();
  for (const op of orderForState(contract.operations)) {
    const knownValues = (p: OperationParameter) => pool.valuesFor(op.path, p.name);
    for (const c of buildCases(op, { seed, maxExamples, knownValues, ...(options.authHeaders ? { authHeaders: options.authHeaders } : {}) })) {
      testsTotal++;
      const endpoint = `${op.method} ${op.path}`;
      const curl = toCurl({ method: op.method, url: new URL(c.target, options.baseUrl).href, headers: c.headers, ...(c.body !== undefined ? { body: c.body } : {}) });
      let ran: ContractCheckName[];
      let failures: ReturnType<typeof evaluateResponse>['failures'];
      try {
        const res = await send(options.baseUrl, c, timeoutMs);
        ({ ran, failures } = evaluateResponse(c.kind, op, res, limits));
        if (c.kind === 'positive' && res.status >= 200 && res.status < 300) pool.remember(op.path, res);
      } catch (error) {
        const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        ran = ['not_a_server_error'];
        failures = [{ check: 'not_a_server_error', message: `no response: ${why}`, expected: 'an HTTP response', actual: why }];
      }
      for (const name of ran) {
        const s = stats.get(name) ?? { ran: 0, failed: 0 };
        s.ran++;
        stats.set(name, s);
      }
      if (failures.length === 0) testsPassed++;
      for (const f of failures) {
        const s = stats.get(f.check)!;
        s.failed++;
        s.first ??= `${endpoint} (${c.description}): ${f.message}`;
        const code = CHECK_CODES[f.check];
        const key = `${code}|${f.check}|${endpoint}|${f.message}`;
        if (violations.has(key)) continue;
        violations.set(key, {
          code,
          severity: CONTRACT_CODES[code]!.severity,
          service: options.service,
          endpoint,
          message: `${f.check}: ${f.message} (${c.description})`,
          expected: f.expected,
          actual: f.actual,
          file_path: filePath,
          check: f.check,
          curl,
          seed,
        });
      }
    }
  }
  const durationMs = Math.round(performance.now() - started);
  const checks = LIVE_CHECKS.map((name) => {
    const s = stats.get(name);
    const id = `l2.${options.service}.${name}`;
    const req = ['B3-03', 'R4-M4-006', 'R4-M4-007'];
    if (!s || s.ran === 0) return check(id, `${options.service}: ${name}`, 'SKIP', 'no generated case exercised this check', req, 0);
    if (s.failed > 0) {
      return check(id, `${options.service}: ${name}`, 'FAIL', `${s.failed}/${s.ran} responses failed; first: ${s.first}`, req, durationMs, { ran: s.ran, failed: s.failed, seed });
    }
    return check(id, `${options.service}: ${name}`, 'PASS', `${s.ran} responses conform (seed ${seed})`, req, durationMs, { ran: s.ran, failed: 0, seed });
  });
  return { service: options.service, seed, testsTotal, testsPassed, violations: [...violations.values()], checks };
}
