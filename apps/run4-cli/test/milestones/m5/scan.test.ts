import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { check } from '@run4/checks';
import { buildFindings, catalogCheck, rescannable, runFixLoop } from '@run4/fix-loop';
import { computeScores } from '@run4/scoring';
import { afterAll, describe, expect, it } from 'vitest';
import { fixLoopInputs, RESCAN } from '../../../src/milestones/m5/scan.js';

describe('M5 re-scan filter', () => {
  it('targets only checks the re-scan repeats (deploy, flows, gate layers), not setup checks', () => {
    const checks = [
      check('m4.flow.df-1', 'DF-1', 'FAIL', 'x'),
      check('gate.overall-verdict', 'v', 'FAIL', 'x'),
      check('l2.order-service.response_schema_conformance', 'l2', 'FAIL', 'x'),
      check('gate.planted-violations', 'planted', 'PASS', 'x'),
      check('m4.index.find-definition-user', 'user', 'FAIL', 'x'),
      check('m4.build1.deploy', 'b1', 'FAIL', 'x'),
    ];
    expect(rescannable(checks, RESCAN).map((c) => c.id)).toEqual(['m4.flow.df-1', 'gate.overall-verdict', 'l2.order-service.response_schema_conformance']);
  });
});

const layer = (violations: unknown[]) => ({ violations, contract_violations: [] });
const gateReport = (violations: unknown[]) =>
  ({ layers: { layer1_service: layer([]), layer2_contract: layer([]), layer3_system: layer(violations), layer4_adversarial: layer([]) } }) as never;

describe('M5 fix loop inputs', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const m1 = [check('m1.fixtures', 'fixtures', 'PASS', 'ok', ['R4-M1-001'])];
  // Planted: an M2 failure of a Build 1 server and an M3 failure, which the re-scan never repeats.
  const m2 = [check('mcp.architect.handshake', 'handshake', 'FAIL', 'no tools capability', ['B1-09', 'R4-M2-001']), check('mcp.architect.inventory', 'inventory', 'PASS', '4 tools', ['B1-12'])];
  const m3 = [check('m3.fix-pass', 'fix pass', 'FAIL', 'FIX_INSTRUCTIONS.md not read', ['R4-M3-005', 'X-07'])];
  const m4 = [
    check('m4.build1.health', 'health', 'PASS', '3/3', ['B1-02']),
    check('l2.order-service.health', 'health', 'FAIL', 'GET /health -> 404', ['R4-M4-006']),
    check('m4.flow.df-3', 'create order', 'FAIL', 'POST /orders -> 500', ['DF-3', 'R4-M4-006']),
  ];
  const log = { code: 'LOG-001', severity: 'warning', category: 'logging', file_path: 'order-service/src/server.js', line: 3, message: 'console.log' };

  it('catalogues every FAIL of M2..M4: builders get what they can fix, the rest stays OPEN for its owner; the score is re-computed per pass', async () => {
    const inputs = fixLoopInputs({ m1, m2, m3, m4 }, gateReport([log]), { decompose: { server: 'architect', valid: 'PASS', invalid: 'PASS' } });
    expect(inputs.initial.checks.map((c) => c.id)).toEqual(['l2.order-service.health', 'm4.flow.df-3']);
    expect(inputs.standing.map((c) => c.id)).toEqual(['mcp.architect.handshake', 'mcp.architect.inventory', 'm3.fix-pass', 'm4.build1.health']);

    const outputDir = mkdtempSync(path.join(tmpdir(), 'm5-inputs-'));
    dirs.push(outputDir);
    const handed: string[] = [];
    const result = await runFixLoop({
      outputDir,
      initial: inputs.initial,
      standing: inputs.standing,
      services: ['order-service'],
      deps: {
        score: (scan) => inputs.score(scan.checks),
        applyFixes: async (service, instr) => void handed.push(`${service}: ${instr.violations.map((v) => v.code).join(', ')}`),
        // the builder fixed the service: its health route and the flow pass, the log line is gone
        rescan: async () => ({ checks: [check('l2.order-service.health', 'health', 'PASS', '200', ['R4-M4-006']), check('m4.flow.df-3', 'create order', 'PASS', '201', ['DF-3', 'R4-M4-006'])], violations: [] }),
      },
    });
    expect(handed).toEqual(['order-service: R4-M4-006, LOG-001']);
    const byId = Object.fromEntries(result.findings.map((f) => [f.component, [f.priority, f.system, f.route, f.resolution]]));
    expect(byId).toEqual({
      'mcp.architect.handshake': ['P0', 'Build 1', 'owner', 'OPEN'],
      'm3.fix-pass': [expect.stringMatching(/^P[0-3]$/), 'Integration', 'owner', 'OPEN'],
      'order-service: l2.order-service.health': [expect.stringMatching(/^P[0-3]$/), 'Build 2', 'builder', 'FIXED'],
      'm4.flow.df-3': [expect.stringMatching(/^P[0-3]$/), 'Integration', 'owner', 'FIXED'],
      'order-service:src/server.js [LOG-001]': ['P2', 'Build 2', 'builder', 'FIXED'],
    });
    // the score is the rubric's aggregate of M1's, the standing and the scan's records, before and after the pass
    const pass = result.passes[0]!;
    expect(pass.score_before).toBe(computeScores({ checks: [...m1, ...m2, ...m3, m4[0]!, m4[1]!, m4[2]!], integration: { mcpTools: [{ server: 'architect', tool: 'decompose', ok: true, errorOk: true }] } }).aggregate.score);
    expect(pass.score_delta).toBeGreaterThan(0);
    expect(result.score).toEqual({ initial: pass.score_before, final: pass.score_after });
    expect(catalogCheck(inputs.sources, result.findings, ['order-service']).status).toBe('PASS');
  });

  it('m5.catalog fails on a planted catalog that left out M2 and M3, as M5 once built it', () => {
    const inputs = fixLoopInputs({ m1, m2, m3, m4 }, gateReport([log]));
    const m4Only = buildFindings(inputs.initial, { services: ['order-service'] });
    const c = catalogCheck(inputs.sources, m4Only, ['order-service']);
    expect(c.status).toBe('FAIL');
    expect(c.evidence).toContain('NOT catalogued: check mcp.architect.handshake; check m3.fix-pass');
  });
});
