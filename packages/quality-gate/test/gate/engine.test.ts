import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GateInputError, runQualityGate, type RunQualityGateOptions } from '../../src/gate/engine.js';
import { layerOrderCheck } from '../../src/gate/verdicts.js';
import { QualityGateReportSchema } from '../../src/gate/report-schema.js';
import { buildIntegrationReport } from '../../src/layer2/integration-report.js';
import type { ContractViolation } from '../../src/layer2/contract-violation.js';
import type { ScanViolation } from '../../src/models/scan-violation.js';
import { GOOD_TOKEN, orderContract } from '../layer2/fixtures/order-contract.js';
import { startOrderService } from '../layer2/fixtures/order-service.js';

const ok = (service_id: string) => ({ system_id: 's', service_id, success: true, test_passed: 10, test_total: 10, convergence_ratio: 1 });
const v = (code: string, file: string, extra: Partial<ScanViolation> = {}): ScanViolation => ({
  code,
  severity: code.startsWith('LOG-00') && code !== 'LOG-005' ? 'warning' : 'error',
  category: code.startsWith('LOG') ? 'logging' : code.startsWith('ADV') ? 'adversarial' : code.startsWith('HEALTH') ? 'health' : 'security',
  file_path: file,
  line: 1,
  message: `${code} found`,
  ...extra,
});
const cv = (service: string, code = 'SCHEMA-001'): ContractViolation => ({ code, severity: 'error', service, endpoint: 'GET /orders', message: 'response field /x is not in the contract', expected: '', actual: '', file_path: '' });

/** Stand-in scanners that record when they are called. */
function recorder(l3: ScanViolation[] = [], l4: ScanViolation[] = []) {
  const calls: Array<{ layer: string; at: string; arg: unknown }> = [];
  const scanners: NonNullable<RunQualityGateOptions['scanners']> = {
    layer3: async (root, opts) => {
      calls.push({ layer: 'l3', at: new Date().toISOString(), arg: { root, opts } });
      await new Promise((r) => setTimeout(r, 5));
      return { violations: l3 };
    },
    layer4: async (services) => {
      calls.push({ layer: 'l4', at: new Date().toISOString(), arg: services });
      return l4;
    },
  };
  return { calls, scanners };
}

const ROOT = mkdtempSync(join(tmpdir(), 'run4-gate-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('runQualityGate', () => {
  it('runs L1 → L2 → L3 → L4 strictly in order, each after the previous finished (B3-04)', async () => {
    const svc = await startOrderService();
    closers.push(svc.close);
    const { calls, scanners } = recorder();
    const report = await runQualityGate({
      rootDir: ROOT,
      services: [{ name: 'order-service', dir: 'order-service', baseUrl: svc.url, openapi: structuredClone(orderContract) as never, authHeaders: { authorization: `Bearer ${GOOD_TOKEN}` } }],
      builderResults: [ok('order-service')],
      layer2: { maxExamples: 2 },
      scanners,
    });
    QualityGateReportSchema.parse(report);
    expect(report.layer_order).toEqual(['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial']);
    expect(calls.map((c) => c.layer)).toEqual(['l3', 'l4']);
    expect(calls[0]!.at >= report.layers.layer2_contract.finished_at!).toBe(true);
    expect(report.layers.layer2_contract.started_at! >= report.layers.layer1_service.finished_at!).toBe(true);
    expect(calls[1]!.at >= report.layers.layer3_system.finished_at!).toBe(true);
    expect(report.checks.find((c) => c.id === 'gate.layer-order')).toMatchObject({ status: 'PASS', requirementIds: ['B3-04'] });
    expect(report.overall_verdict).toBe('passed');
    expect(report.layers.layer2_contract.total_checks).toBeGreaterThan(0);
  });

  it('layerOrderCheck fails when layers ran out of order or overlapped', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const layer = (name: 'layer1_service' | 'layer2_contract' | 'layer3_system' | 'layer4_adversarial', start: number, end: number) => ({
      layer: name, verdict: 'passed' as const, violations: [], contract_violations: [], total_checks: 0, passed_checks: 0, duration_seconds: 0, blocking_violations: 0, started_at: at(start), finished_at: at(end),
    });
    const layers = { layer1_service: layer('layer1_service', 0, 1), layer2_contract: layer('layer2_contract', 2, 3), layer3_system: layer('layer3_system', 4, 5), layer4_adversarial: layer('layer4_adversarial', 6, 7) };
    expect(layerOrderCheck(['layer1_service', 'layer3_system', 'layer2_contract'], layers).status).toBe('FAIL');
    expect(layerOrderCheck(['layer1_service', 'layer2_contract'], { ...layers, layer2_contract: layer('layer2_contract', 0, 3) }).status).toBe('FAIL');
    expect(layerOrderCheck(['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial'], layers).status).toBe('PASS');
  });

  it('excludes a service that fails Layer 1 from Layers 2-4', async () => {
    const { calls, scanners } = recorder([v('LOG-001', 'auth-service/app.py'), v('LOG-001', 'order-service/app.py')]);
    const report = await runQualityGate({
      rootDir: ROOT,
      services: [{ name: 'auth-service', dir: 'auth-service' }, { name: 'order-service', dir: 'order-service' }],
      builderResults: [{ ...ok('auth-service'), test_passed: 5 }, ok('order-service')],
      integrationReport: buildIntegrationReport({ services_deployed: 2, services_healthy: 2, contract_tests_total: 10, contract_tests_passed: 10, violations: [] }),
      scanners,
    });
    expect(report.excluded_services).toEqual(['auth-service']);
    expect(report.layers.layer1_service.verdict).toBe('partial');
    expect(report.layers.layer1_service.failed_services).toEqual([{ service_id: 'auth-service', reasons: ['test pass rate 0.500 < 0.9'] }]);
    expect(report.layers.layer3_system.violations.map((x) => x.file_path)).toEqual(['order-service/app.py']);
    expect(report.layers.layer3_system.violations[0]!.service).toBe('order-service');
    expect(calls.find((c) => c.layer === 'l4')!.arg).toEqual([{ name: 'order-service', dir: join(ROOT, 'order-service') }]);
    expect(report.overall_verdict).toBe('partial');
  });

  it('skips every later layer when all services fail Layer 1', async () => {
    const { calls, scanners } = recorder();
    const report = await runQualityGate({ rootDir: ROOT, services: [{ name: 'a', dir: 'a' }], builderResults: [{ ...ok('a'), success: false }], scanners });
    expect(report.layers.layer1_service.verdict).toBe('failed');
    expect(report.layers.layer3_system).toMatchObject({ verdict: 'skipped', skipped_reason: 'not promoted: every service failed Layer 1' });
    expect(calls).toEqual([]);
    expect(report.overall_verdict).toBe('failed');
  });

  it('does not promote past a Layer 2 with blocking violations unless continue_after_blocking', async () => {
    const integrationReport = buildIntegrationReport({ services_deployed: 1, services_healthy: 1, contract_tests_total: 10, contract_tests_passed: 9, violations: [cv('order-service')] });
    const strict = recorder([v('HEALTH-001', 'order-service/src/server.js')]);
    const r1 = await runQualityGate({ rootDir: ROOT, integrationReport, scanners: strict.scanners });
    expect(r1.layers.layer2_contract).toMatchObject({ verdict: 'failed', blocking_violations: 1 });
    expect(r1.layers.layer3_system.skipped_reason).toBe('not promoted: Layer 2 failed (1 blocking contract violations)');
    expect(strict.calls).toEqual([]);
    const cont = recorder([v('HEALTH-001', 'order-service/src/server.js')]);
    const r2 = await runQualityGate({ rootDir: ROOT, integrationReport, scanners: cont.scanners, config: { continue_after_blocking: true } });
    expect(r2.layers.layer3_system.violations.map((x) => x.code)).toEqual(['HEALTH-001']);
    expect(r2.overall_verdict).toBe('failed');
  });

  it('lets a warning-only Layer 2 proceed with warnings', async () => {
    const integrationReport = buildIntegrationReport({ services_deployed: 1, services_healthy: 1, contract_tests_total: 10, contract_tests_passed: 9, violations: [{ ...cv('s', 'SCHEMA-004'), severity: 'warning' }] });
    const { calls, scanners } = recorder();
    const r = await runQualityGate({ rootDir: ROOT, integrationReport, scanners });
    expect(r.layers.layer2_contract.verdict).toBe('partial');
    expect(calls.map((c) => c.layer)).toEqual(['l3', 'l4']);
  });

  it('judges Layer 3 by blocking_severity and passes the layer3_scanners selection through', async () => {
    const warnOnly = [v('LOG-001', 'svc/a.py')];
    const a = recorder(warnOnly);
    const relaxed = await runQualityGate({ rootDir: ROOT, layers: [3, 4], scanners: a.scanners, config: { layer3_scanners: ['logging', 'health'] } });
    expect(a.calls[0]!.arg).toEqual({ root: ROOT, opts: { scanners: ['logging', 'health'] } });
    expect(relaxed.layers.layer3_system.verdict).toBe('partial');
    expect(relaxed.layers.layer4_adversarial.verdict).toBe('passed');
    const b = recorder(warnOnly);
    const strict = await runQualityGate({ rootDir: ROOT, layers: [3, 4], scanners: b.scanners, config: { blocking_severity: 'warning' } });
    expect(strict.layers.layer3_system.verdict).toBe('failed');
    expect(strict.layers.layer4_adversarial.verdict).toBe('skipped');
    const c = recorder([v('SEC-004', 'svc/a.ts')]);
    const critOnly = await runQualityGate({ rootDir: ROOT, layers: [3], scanners: c.scanners, config: { blocking_severity: 'critical' } });
    expect(critOnly.layers.layer3_system.verdict).toBe('partial');
  });

  it('never blocks on Layer 4 findings', async () => {
    const { scanners } = recorder([], [v('ADV-005', 'svc/a.ts', { severity: 'error' })]);
    const r = await runQualityGate({ rootDir: ROOT, layers: [3, 4], scanners });
    expect(r.layers.layer4_adversarial).toMatchObject({ verdict: 'partial', blocking_violations: 0 });
    expect(r.overall_verdict).toBe('partial');
    expect(r.blocking_violations).toBe(0);
    expect(r.checks.find((c) => c.id === 'gate.layer4_adversarial')?.status).toBe('WARN');
  });

  it('deduplicates violations and caps each category at 200', async () => {
    const many = Array.from({ length: 250 }, (_, i) => v('LOG-001', `svc/f${i}.py`));
    const { scanners } = recorder([...many, ...many.slice(0, 10), v('SEC-005', 'svc/k.ts')]);
    const r = await runQualityGate({ rootDir: ROOT, layers: [3], scanners });
    const l3 = r.layers.layer3_system;
    expect(l3.violations.filter((x) => x.category === 'logging')).toHaveLength(200);
    expect(l3.truncated).toEqual({ logging: 50 });
    expect(l3.violations.filter((x) => x.code === 'SEC-005')).toHaveLength(1);
    expect(r.total_violations).toBe(201);
  });

  it('skips Layer 1 when no BuilderResults are given', async () => {
    const { scanners } = recorder();
    const r = await runQualityGate({ rootDir: ROOT, builderResults: [], layers: [1, 3], scanners });
    expect(r.layers.layer1_service).toMatchObject({ verdict: 'skipped', skipped_reason: 'no BuilderResults given' });
    expect(r.layers.layer3_system.verdict).toBe('passed');
  });

  it('rejects a bad config or layer with exit code 2', async () => {
    await expect(runQualityGate({ rootDir: ROOT, config: { layer3_scanners: ['nope' as never] } })).rejects.toMatchObject({ exitCode: 2, code: 'GATE_INPUT_INVALID' });
    await expect(runQualityGate({ rootDir: ROOT, layers: [5 as never] })).rejects.toBeInstanceOf(GateInputError);
  });
});
