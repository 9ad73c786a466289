import { describe, expect, it } from 'vitest';
import { skippedLayer, type QualityGateReport } from '../../src/gate/report-schema.js';
import { QualityGateConfigSchema } from '../../src/gate/gate-config.js';
import type { PlantManifest } from '../../src/plant/manifest.js';
import { findPlanted, plantedDetectionChecks, plantedFixChecks } from '../../src/plant/planted-checks.js';

const manifest: PlantManifest = {
  service: 'order-service',
  dir: '/tmp/planted/order-service',
  language: 'javascript',
  items: [
    { code: 'HEALTH-001', planted: true, layer: 'layer3', file: 'src/handlers.js', line: 42, files: ['src/handlers.js'], detail: 'health route renamed' },
    { code: 'SCHEMA-001', planted: true, layer: 'layer2', file: 'src/lib/http.js', line: 12, files: ['src/lib/http.js'], detail: 'field added', field: 'run4_planted_field' },
    { code: 'LOG-001', planted: true, layer: 'layer3', file: 'src/handlers.js', line: 8, files: ['src/handlers.js'], detail: 'console.log added' },
  ],
};

type Found = 'HEALTH-001' | 'SCHEMA-001' | 'LOG-001';

/** A gate report holding the planted violations named in `present` (and a decoy of each kind that must not count). */
function report(present: readonly Found[]): QualityGateReport {
  const l3 = skippedLayer('layer3_system', '');
  const l2 = skippedLayer('layer2_contract', '');
  // Decoys: LOG-001 at another line, HEALTH-001 of another service, SCHEMA-001 naming another field.
  l3.violations.push({ code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/handlers.js', line: 30, message: 'print' });
  l3.violations.push({ code: 'HEALTH-001', severity: 'error', category: 'health', file_path: 'auth-service/src/server.js', line: 3, message: 'no health', service: 'auth-service' });
  l2.contract_violations.push({ code: 'SCHEMA-001', severity: 'error', service: 'order-service', endpoint: 'GET /orders/{id}', message: 'response field /internal_ref is not in the contract', expected: '', actual: '', file_path: '' });
  if (present.includes('LOG-001')) l3.violations.push({ code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/handlers.js', line: 8, message: 'print() used' });
  if (present.includes('HEALTH-001')) l3.violations.push({ code: 'HEALTH-001', severity: 'error', category: 'health', file_path: 'order-service/src/server.js', line: 24, message: 'no health route' });
  if (present.includes('SCHEMA-001')) l2.contract_violations.push({ code: 'SCHEMA-001', severity: 'error', service: 'order-service', endpoint: 'POST /orders', message: 'response field /run4_planted_field is not in the contract', expected: '', actual: '', file_path: '' });
  return {
    layers: { layer1_service: skippedLayer('layer1_service', ''), layer2_contract: l2, layer3_system: l3, layer4_adversarial: skippedLayer('layer4_adversarial', '') },
    overall_verdict: 'failed',
    fix_attempts: 0,
    max_fix_attempts: 3,
    total_violations: 0,
    blocking_violations: 0,
    schema_version: 1,
    generated_at: '2026-01-01T00:00:00Z',
    root_dir: '/tmp/planted',
    layer_order: [],
    excluded_services: [],
    services: [{ name: 'order-service', dir: 'order-service' }],
    config: QualityGateConfigSchema.parse({}),
    checks: [],
  };
}

const statuses = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('planted violation checks', () => {
  it('PASS for each planted violation the gate reported, FAIL for each it missed (decoys of other services, lines and fields do not count)', () => {
    expect(statuses(plantedDetectionChecks(manifest, report(['HEALTH-001', 'SCHEMA-001', 'LOG-001'])))).toEqual({
      'planted.health-001.detected': 'PASS',
      'planted.schema-001.detected': 'PASS',
      'planted.log-001.detected': 'PASS',
    });
    const missed = plantedDetectionChecks(manifest, report([]));
    expect(missed.map((c) => c.status)).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(missed[2]!.evidence).toMatch(/MISSED.*no LOG-001 at src\/handlers\.js:8/);
    expect(missed[0]!.requirementIds).toEqual(['SC-05', 'R4-M4-008', 'B2-04', 'X-10']);
    expect(missed[1]!.requirementIds).toEqual(['SC-05', 'R4-M4-008', 'B2-04']);
    expect(missed[0]!.data).toMatchObject({ planted_by_run4: true, service: 'order-service', code: 'HEALTH-001', found: false });
  });

  it('SKIPs (never PASSes) a kind that could not be planted', () => {
    const partial: PlantManifest = { ...manifest, items: manifest.items.map((i) => (i.code === 'SCHEMA-001' ? { ...i, planted: false, file: '', line: 0, detail: 'no JSON response writer found' } : i)) };
    const checks = plantedDetectionChecks(partial, report(['HEALTH-001', 'SCHEMA-001', 'LOG-001']));
    expect(checks[1]).toMatchObject({ status: 'SKIP', evidence: 'not planted: no JSON response writer found' });
    expect(findPlanted(partial, report([])).map((f) => f.code)).toEqual(['HEALTH-001', 'LOG-001']);
  });

  it('judges the fix loop: PASS when a found violation is gone after the pass, FAIL when it stays or no pass ran, SKIP when it was never found', () => {
    const before = findPlanted(manifest, report(['HEALTH-001', 'SCHEMA-001']));
    const after = findPlanted(manifest, report(['SCHEMA-001']));
    expect(statuses(plantedFixChecks(manifest, before, after, 1))).toEqual({
      'planted.health-001.fixed': 'PASS',
      'planted.schema-001.fixed': 'FAIL',
      'planted.log-001.fixed': 'SKIP',
    });
    expect(plantedFixChecks(manifest, before, null, 0).map((c) => c.status)).toEqual(['FAIL', 'FAIL', 'SKIP']);
    expect(plantedFixChecks(manifest, before, after, 1)[1]!.evidence).toMatch(/still reported after pass 1: POST \/orders/);
  });

  it('never takes the absence of a Layer 2 plant for a fix when the service did not answer (a builder that broke it fixed nothing)', () => {
    const before = findPlanted(manifest, report(['HEALTH-001', 'SCHEMA-001', 'LOG-001']));
    const dark = findPlanted(manifest, report([]), { live: false });
    expect(dark.find((f) => f.code === 'SCHEMA-001')).toMatchObject({ found: false, observable: false });
    const fixes = plantedFixChecks(manifest, before, dark, 1);
    expect(statuses(fixes)).toEqual({ 'planted.health-001.fixed': 'PASS', 'planted.schema-001.fixed': 'FAIL', 'planted.log-001.fixed': 'PASS' });
    expect(fixes[1]!.evidence).toMatch(/not verified after pass 1: order-service did not answer HTTP/);
    expect(plantedDetectionChecks(manifest, report([]), { live: false })[1]).toMatchObject({ status: 'FAIL' });
  });
});
