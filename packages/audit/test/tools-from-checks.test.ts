import { describe, expect, it } from 'vitest';
import { buildAuditReport, toolResultsFromChecks } from '../src/index.js';
import { rec } from './fixtures.js';

const probeChecks = [
  rec('mcp.architect.decompose.valid', 'PASS', ['B1-07', 'R4-M2-002']),
  rec('mcp.architect.decompose.shape', 'PASS', ['R4-M2-002']),
  rec('mcp.architect.decompose.invalid', 'PASS', ['B1-15']),
  rec('mcp.architect.get_service_map.valid', 'PASS', ['B1-07']),
  rec('mcp.architect.get_service_map.output-schema', 'FAIL', ['R4-M2-002']),
  rec('mcp.architect.get_service_map.invalid', 'SKIP', ['B1-15']),
  rec('mcp.contract-engine.validate_spec.valid', 'FAIL', ['B1-07']),
  rec('mcp.architect.handshake', 'PASS', ['B1-09']),
];

describe('toolResultsFromChecks', () => {
  it('reads valid / error / parseable per tool from the probe check ids, with latency', () => {
    const tools = toolResultsFromChecks(probeChecks, { architect: { decompose: { p50: 3, p95: 7, p99: 9 } } });
    expect(tools.map((t) => [t.server, t.tool, t.validTested, t.validOk, t.errorTested, t.parseable])).toEqual([
      ['architect', 'decompose', true, true, true, true],
      ['architect', 'get_service_map', true, true, false, false],
      ['contract-engine', 'validate_spec', true, false, false, false],
    ]);
    expect(tools[0]?.latencyMs).toEqual({ p50: 3, p95: 7, p99: 9 });
  });

  it('feeds the interface matrix when no tool results are given', async () => {
    const report = await buildAuditReport({ checks: probeChecks });
    const status = (tool: string) => report.interface_coverage.rows.find((r) => r.tool === tool)?.status;
    expect([status('decompose'), status('get_service_map'), status('validate_spec'), status('find_definition')]).toEqual(['GREEN', 'RED', 'RED', 'UNTESTED']);
    expect(report.scores.integration.categories[0]).toMatchObject({ name: 'MCP Connectivity', metric: 1 / 3 });
  });
});
