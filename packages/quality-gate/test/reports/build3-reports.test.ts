import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineStateFile } from '@run4/schemas';
import { generateComposeFile } from '@run4/compose-kit';
import { checkBuild3Compose, checkBuild3Planted, checkBuild3Reports } from '../../src/reports/build3-reports.js';

const LAYERS = ['layer1_service', 'layer2_contract', 'layer3_system', 'layer4_adversarial'] as const;

/** A report as a foreign Build 3 might write it: the seed 003 section 7.5 fields only, layers started at `starts` (seconds). */
function seedGateReport(starts: readonly number[], violations: { code: string }[] = []) {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
  return {
    layers: Object.fromEntries(
      LAYERS.map((layer, i) => [layer, { layer, verdict: 'passed', violations: i === 2 ? violations.map((v) => ({ ...v, severity: 'error', category: 'logging', file_path: 'src/a.js', line: 1, service: 'svc', message: v.code })) : [], contract_violations: [], total_checks: 1, passed_checks: 1, duration_seconds: 1, started_at: at(starts[i]!), finished_at: at(starts[i]! + 1) }]),
    ),
    overall_verdict: 'passed',
    fix_attempts: 0,
    max_fix_attempts: 3,
    total_violations: violations.length,
    blocking_violations: 0,
  };
}

const INTEGRATION = { services_deployed: 2, services_healthy: 2, contract_tests_total: 4, contract_tests_passed: 4, integration_tests_total: 0, integration_tests_passed: 0, data_flow_tests_total: 0, data_flow_tests_passed: 0, boundary_tests_total: 0, boundary_tests_passed: 0, violations: [], overall_health: 'passed' };

function stage(gate: unknown, integration: unknown = INTEGRATION): { out: string; state: PipelineStateFile } {
  const out = mkdtempSync(path.join(tmpdir(), 'run4-b3-reports-'));
  writeFileSync(path.join(out, 'integration_report.json'), JSON.stringify(integration));
  writeFileSync(path.join(out, 'quality_gate_report.json'), JSON.stringify(gate));
  return { out, state: { integration_report_path: 'integration_report.json', quality_report_path: 'quality_gate_report.json' } as PipelineStateFile };
}

const byId = (checks: { id: string; status: string; evidence: string }[], id: string) => checks.find((c) => c.id === id)!;

describe("Build 3's reports, read by Run 4", () => {
  it('accepts reports of the seed shapes from any Build 3 and reads the layer order from the layers\' start times', () => {
    const { out, state } = stage(seedGateReport([0, 2, 4, 6]));
    const checks = checkBuild3Reports(state, out);
    expect(checks.map((c) => `${c.id} ${c.status}`)).toEqual(['m4.build3.integration-report PASS', 'm4.build3.gate-report PASS', 'm4.build3.layer-order PASS']);
  });

  it('fails B3-04 when a layer ran before the one it must follow', () => {
    const { out, state } = stage(seedGateReport([0, 6, 4, 2]));
    const order = byId(checkBuild3Reports(state, out), 'm4.build3.layer-order');
    expect(order.status).toBe('FAIL');
  });

  it('fails a report that breaks the seed shape, naming the field, and a report that is missing', () => {
    const broken = seedGateReport([0, 2, 4, 6]) as Record<string, unknown>;
    delete broken.overall_verdict;
    const { out, state } = stage(broken, { services_deployed: 'three' });
    const checks = checkBuild3Reports(state, out);
    expect(byId(checks, 'm4.build3.gate-report')).toMatchObject({ status: 'FAIL' });
    expect(byId(checks, 'm4.build3.gate-report').evidence).toMatch(/overall_verdict/);
    expect(byId(checks, 'm4.build3.integration-report').evidence).toMatch(/services_deployed/);
    expect(byId(checks, 'm4.build3.layer-order').status).toBe('FAIL');
    const none = checkBuild3Reports({ integration_report_path: '', quality_report_path: '' } as PipelineStateFile, out);
    expect(none.every((c) => c.status === 'FAIL')).toBe(true);
  });
});

describe('planted codes in Build 3\'s gate', () => {
  it('passes when the report has them, or the planted service\'s FIX_INSTRUCTIONS.md does, and fails otherwise', () => {
    const { out, state } = stage(seedGateReport([0, 2, 4, 6], [{ code: 'LOG-001' }]));
    expect(checkBuild3Planted(state, out, ['LOG-001'], null).status).toBe('PASS');
    const target = path.join(out, 'builders', 'svc');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'FIX_INSTRUCTIONS.md'), '# Fix\n- HEALTH-001: add the /health route\n');
    expect(checkBuild3Planted(state, out, ['LOG-001', 'HEALTH-001'], target).status).toBe('PASS');
    const missing = checkBuild3Planted(state, out, ['LOG-001', 'SCHEMA-001'], target);
    expect(missing.status).toBe('FAIL');
    expect(missing.evidence).toMatch(/SCHEMA-001: not found/);
    expect(missing.requirementIds).toContain('SC-05');
  });
});

describe("Build 3's compose file (B3-06, B3-07)", () => {
  const stateWith = (compose: string) => ({ phase_artifacts: { integrating: { compose_file: compose } } }) as unknown as PipelineStateFile;

  it('validates the file Build 3 wrote and reads its Traefik routes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-b3-compose-'));
    const inputs = ['a-svc', 'b-svc'].map((name) => ({ service_id: name, output_dir: path.join(dir, name), success: true, port: 8080, health_path: '/health' }));
    const file = generateComposeFile(inputs, path.join(dir, 'docker-compose.generated.yml'), { commonDependsOn: {} });
    const [gen, routes] = await checkBuild3Compose(stateWith(file), ['a-svc', 'b-svc']);
    expect(gen).toMatchObject({ id: 'm4.build3.compose', status: 'PASS' });
    expect(routes!.id).toBe('m4.build3.traefik-labels');
    expect(routes!.status).not.toBe('FAIL');
    const [missing] = await checkBuild3Compose(stateWith(file), ['a-svc', 'c-svc']);
    expect(missing).toMatchObject({ status: 'FAIL' });
    expect(missing!.evidence).toMatch(/no service c-svc/);
  });

  it('fails when Build 3 recorded no compose file, or one that does not load', async () => {
    const none = await checkBuild3Compose({ phase_artifacts: {} } as unknown as PipelineStateFile, ['a-svc']);
    expect(none.map((c) => c.status)).toEqual(['FAIL', 'FAIL']);
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-b3-compose-'));
    const bad = path.join(dir, 'docker-compose.yml');
    writeFileSync(bad, 'services: [not, a, map\n');
    const broken = await checkBuild3Compose(stateWith(bad), ['a-svc']);
    expect(broken.map((c) => c.status)).toEqual(['FAIL', 'FAIL']);
  });
});
