import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeServers, type ProbeReport } from '@run4/mcp-probe';
import { HealthResultSchema, McpToolResultSchema } from '@run4/schemas';
import { toM2StateFields } from '../../../src/milestones/m2/state-fields.js';

// A real probe report (the npm package @modelcontextprotocol/server-everything, auto profile), mapped to RUN4_STATE.json's M2 fields.
const root = path.resolve(__dirname, '../../../../..');
let report: ProbeReport;

beforeAll(async () => {
  report = await probeServers({
    servers: [{ name: 'everything', transport: 'stdio', command: process.execPath, args: [path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'], env: {}, cwd: root }],
    profile: 'auto',
    timeouts: { callMs: 4000, firstStartMs: 20_000 },
    latencySamples: 1,
  });
}, 90_000);

describe('toM2StateFields', () => {
  it('gives each server a seed health_result and each tool its round-trip outcome', () => {
    const m2 = toM2StateFields(report);
    expect(m2.mcp_health.everything).toEqual({ status: 'healthy', tools_count: report.servers[0]!.toolNames.length, tool_names: expect.arrayContaining(['echo']) });
    expect(HealthResultSchema.safeParse(m2.mcp_health.everything).success).toBe(true);
    expect(m2.mcp_tool_results['everything/echo']).toMatchObject({ server: 'everything', valid: 'PASS', invalid: 'PASS' });
    for (const r of Object.values(m2.mcp_tool_results)) expect(McpToolResultSchema.safeParse(r).success).toBe(true);
  });

  it('clears b1_b2_wiring_passed on a functional FAIL or an unhealthy server, not on a latency miss alone', () => {
    const failed = report.checks.some((c) => c.status === 'FAIL');
    expect(toM2StateFields(report).b1_b2_wiring_passed).toBe(!failed);
    const clean = { ...report, checks: report.checks.filter((c) => c.status !== 'FAIL'), summary: { ...report.summary, failed: 0, ok: true } };
    expect(toM2StateFields(clean).b1_b2_wiring_passed).toBe(true);
    const broken = { ...clean, checks: [...clean.checks, { id: 'mcp.everything.echo.valid', name: 'x', status: 'FAIL' as const, evidence: 'wrong answer', durationMs: 0, requirementIds: ['R4-M2-002'] }] };
    expect(toM2StateFields(broken).b1_b2_wiring_passed).toBe(false);
    const down = { ...clean, servers: clean.servers.map((s) => ({ ...s, status: 'unhealthy' as const, error: 'gone' })) };
    expect(toM2StateFields(down).b1_b2_wiring_passed).toBe(false);
    expect(toM2StateFields(down).mcp_health.everything?.error).toBe('gone');
    const latencyFail = { ...clean, checks: [...clean.checks, { id: 'mcp.x.latency', name: 'x', status: 'FAIL' as const, evidence: 'slow', durationMs: 0, requirementIds: ['R4-M2-007'] }] };
    expect(toM2StateFields(latencyFail).b1_b2_wiring_passed).toBe(true);
    expect(toM2StateFields({ ...clean, aborted: true }).b1_b2_wiring_passed).toBe(false);
  });
});
