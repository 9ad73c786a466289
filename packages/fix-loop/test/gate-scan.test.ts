import { check } from '@run4/checks';
import { describe, expect, it } from 'vitest';
import { gateViolations, rescannable, scanInputs } from '../src/index.js';

const FILTER = { pattern: /^(pipeline\.flow\.|l2\.|gate\.)/, exclude: ['gate.planted-violations'] };
const layer = (violations: unknown[], contract: unknown[] = []) => ({ violations, contract_violations: contract });

describe('re-scan inputs from a gate report', () => {
  it('targets only checks the re-scan repeats, not the excluded setup check', () => {
    const checks = [
      check('pipeline.flow.df-1', 'DF-1', 'FAIL', 'x'),
      check('gate.overall-verdict', 'v', 'FAIL', 'x'),
      check('l2.order-service.response_schema_conformance', 'l2', 'FAIL', 'x'),
      check('gate.planted-violations', 'planted', 'PASS', 'x'),
      check('pipeline.index.find-definition-user', 'user', 'FAIL', 'x'),
    ];
    expect(rescannable(checks, FILTER).map((c) => c.id)).toEqual(['pipeline.flow.df-1', 'gate.overall-verdict', 'l2.order-service.response_schema_conformance']);
  });

  it('turns contract violations into file-attributed violations of their service', () => {
    const report = {
      layers: {
        layer1_service: layer([]),
        layer2_contract: layer([], [{ code: 'SCHEMA-001', severity: 'error', service: 'order-service', endpoint: 'GET /orders/{id}', message: 'internal_ref not in contract', expected: '', actual: '' }]),
        layer3_system: layer([{ code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/handlers.js', line: 8, message: 'console.log in handler' }]),
        layer4_adversarial: layer([]),
      },
    } as never;
    expect(gateViolations(report)).toEqual([
      { code: 'SCHEMA-001', severity: 'error', category: 'contract', file_path: 'order-service/contracts/openapi.yaml', line: 0, message: 'GET /orders/{id}: internal_ref not in contract', service: 'order-service' },
      { code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/handlers.js', line: 8, message: 'console.log in handler' },
    ]);
  });

  it('splits records into what each pass re-scans, what stands, and what the catalog must hold', () => {
    const earlier = [check('mcp.architect.handshake', 'handshake', 'FAIL', 'x')];
    const latest = [check('pipeline.build1.health', 'health', 'PASS', 'x'), check('l2.order-service.health', 'health', 'FAIL', 'x')];
    const log = { code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/server.js', line: 3, message: 'console.log' };
    const report = { layers: { layer1_service: layer([]), layer2_contract: layer([]), layer3_system: layer([log]), layer4_adversarial: layer([]) } } as never;
    const inputs = scanInputs({ earlier, latest }, report, FILTER);
    expect(inputs.initial.checks.map((c) => c.id)).toEqual(['l2.order-service.health']);
    expect(inputs.initial.violations).toEqual([log]);
    expect(inputs.standing.map((c) => c.id)).toEqual(['mcp.architect.handshake', 'pipeline.build1.health']);
    expect(inputs.sources.checks.map((c) => c.id)).toEqual(['mcp.architect.handshake', 'pipeline.build1.health', 'l2.order-service.health']);
  });
});
