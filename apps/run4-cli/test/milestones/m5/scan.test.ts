import { check } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import { gateViolations, rescannable } from '../../../src/milestones/m5/scan.js';

describe('M5 re-scan inputs', () => {
  it('targets only checks the re-scan repeats (deploy, flows, gate layers), not setup checks', () => {
    const checks = [
      check('m4.flow.df-1', 'DF-1', 'FAIL', 'x'),
      check('gate.overall-verdict', 'v', 'FAIL', 'x'),
      check('l2.order-service.response_schema_conformance', 'l2', 'FAIL', 'x'),
      check('gate.planted-violations', 'planted', 'PASS', 'x'),
      check('m4.index.find-definition-user', 'user', 'FAIL', 'x'),
      check('m4.build1.deploy', 'b1', 'FAIL', 'x'),
    ];
    expect(rescannable(checks).map((c) => c.id)).toEqual(['m4.flow.df-1', 'gate.overall-verdict', 'l2.order-service.response_schema_conformance']);
  });

  it('turns contract violations into file-attributed violations of their service', () => {
    const layer = (violations: unknown[], contract: unknown[]) => ({ violations, contract_violations: contract });
    const report = {
      layers: {
        layer1_service: layer([], []),
        layer2_contract: layer([], [{ code: 'SCHEMA-001', severity: 'error', service: 'order-service', endpoint: 'GET /orders/{id}', message: 'internal_ref not in contract', expected: '', actual: '' }]),
        layer3_system: layer([{ code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/handlers.js', line: 8, message: 'console.log in handler' }], []),
        layer4_adversarial: layer([], []),
      },
    } as never;
    expect(gateViolations(report)).toEqual([
      { code: 'SCHEMA-001', severity: 'error', category: 'contract', file_path: 'order-service/contracts/openapi.yaml', line: 0, message: 'GET /orders/{id}: internal_ref not in contract', service: 'order-service' },
      { code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/handlers.js', line: 8, message: 'console.log in handler' },
    ]);
  });
});
