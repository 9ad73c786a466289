import { describe, expect, it } from 'vitest';
import { check } from '@run4/checks';
import { buildAuditReport, latencyFromChecks, renderAuditMarkdown, toolResultsFromChecks } from '../src/index.js';
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

  it('never counts a WARN part as OK and lists it', () => {
    const [tool] = toolResultsFromChecks([rec('mcp.s.t.valid', 'WARN', ['B1-07']), rec('mcp.s.t.invalid', 'WARN', ['B1-15'])]);
    expect(tool).toMatchObject({ validTested: true, validOk: false, errorTested: true, errorOk: false, parseable: false, warned: ['valid', 'invalid'] });
  });
});

// The probe's per-server latency record, shaped as packages/mcp-probe/src/probe.ts writes it:
// check(`mcp.${server}.latency`, ..., ['R4-M2-007'], 0, { latency: { [tool]: toolLatency(samples) } }).
const latencyRecord = (server: string, latency: Record<string, { n: number; p50: number; p95: number; p99: number; max: number; first?: number }>) =>
  check(`mcp.${server}.latency`, `${server}: per-tool latency p95 under 5000 ms`, 'PASS', `${Object.keys(latency).length} tools timed`, ['R4-M2-007'], 0, { latency });

describe('interface coverage latency', () => {
  const m2Checks = [
    ...probeChecks,
    latencyRecord('architect', {
      decompose: { n: 3, p50: 12.5, p95: 31.25, p99: 31.25, max: 31.25, first: 880.4 },
      get_service_map: { n: 3, p50: 2.04, p95: 4.5, p99: 4.5, max: 4.5, first: 9.1 },
    }),
    latencyRecord('contract-engine', { validate_spec: { n: 1, p50: 7, p95: 7, p99: 7, max: 7 } }),
  ];

  it('reads per-tool p50/p95/p99 from the probe latency records', () => {
    expect(latencyFromChecks(m2Checks)).toEqual({
      architect: { decompose: { p50: 12.5, p95: 31.25, p99: 31.25 }, get_service_map: { p50: 2.04, p95: 4.5, p99: 4.5 } },
      'contract-engine': { validate_spec: { p50: 7, p95: 7, p99: 7 } },
    });
  });

  it('fills the p50 / p95 column with measured numbers, not dashes', async () => {
    const report = await buildAuditReport({ checks: m2Checks });
    const row = (tool: string) => report.interface_coverage.rows.find((r) => r.tool === tool);
    expect(row('decompose')?.latencyMs).toEqual({ p50: 12.5, p95: 31.25, p99: 31.25 });
    const md = renderAuditMarkdown(report);
    expect(md).toContain('| architect | decompose | YES | YES | YES | 12.5 / 31.3 | GREEN |');
    expect(md).toContain('| architect | get_service_map | YES | NO | NO | 2.0 / 4.5 | RED |');
    expect(md).toContain('| contract-engine | validate_spec | YES | NO | NO | 7.0 / 7.0 | RED |');
    expect(md).toContain('| architect | get_domain_model | NO | NO | NO | not measured | UNTESTED |');
    expect(md).not.toMatch(/\| architect \| decompose \|.*—/);
  });

  it('reads latency keyed server/tool as RUN4_STATE.json keys mcp_tool_results, before the records', async () => {
    const report = await buildAuditReport({ checks: m2Checks, toolLatency: { architect: { 'architect/decompose': { p50: 1, p95: 2, p99: 3 } } } });
    expect(report.interface_coverage.rows.find((r) => r.tool === 'decompose')?.latencyMs).toEqual({ p50: 1, p95: 2, p99: 3 });
    expect(report.interface_coverage.rows.find((r) => r.tool === 'get_service_map')?.latencyMs).toEqual({ p50: 2.04, p95: 4.5, p99: 4.5 });
  });

  it('without a latency record says the latency was not measured', async () => {
    const report = await buildAuditReport({ checks: probeChecks });
    expect(report.interface_coverage.rows.every((r) => r.latencyMs === null)).toBe(true);
  });
});
