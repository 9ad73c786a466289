import type { CheckRecord } from '@run4/checks';
import type { ToolProbeResult } from './inputs.js';

const TOOL_CHECK_RE = /^mcp\.([^.]+)\.([^.]+)\.(valid|shape|output-schema|invalid)$/;

/** Per-tool latency as the probe reports it: `{ server: { tool: { p50, p95, p99 } } }`. */
export type ToolLatencyMap = Record<string, Record<string, { p50: number; p95: number; p99: number }>>;

/**
 * Derive the per-tool probe results from the probe's check records
 * (`mcp.<server>.<tool>.valid`, `.shape`, `.output-schema`, `.invalid`):
 * valid tested = a `.valid` check ran; parseable = it passed and no shape /
 * outputSchema check failed; error tested = an `.invalid` check ran.
 *
 * @example
 * toolResultsFromChecks(probeReport.checks, { architect: probeReport.servers[0].latency });
 */
export function toolResultsFromChecks(checks: readonly CheckRecord[], latency: ToolLatencyMap = {}): ToolProbeResult[] {
  const byTool = new Map<string, { server: string; tool: string; parts: Map<string, CheckRecord> }>();
  for (const c of checks) {
    const m = TOOL_CHECK_RE.exec(c.id);
    if (!m) continue;
    const [, server, tool, part] = m as unknown as [string, string, string, string];
    const key = `${server}/${tool}`;
    const entry = byTool.get(key) ?? { server, tool, parts: new Map<string, CheckRecord>() };
    entry.parts.set(part, c);
    byTool.set(key, entry);
  }
  const ran = (c: CheckRecord | undefined) => c !== undefined && c.status !== 'SKIP';
  const ok = (c: CheckRecord | undefined) => c !== undefined && (c.status === 'PASS' || c.status === 'WARN');
  return [...byTool.values()].map(({ server, tool, parts }) => {
    const valid = parts.get('valid');
    const invalid = parts.get('invalid');
    const shapeFailed = ['shape', 'output-schema'].some((p) => parts.get(p)?.status === 'FAIL');
    const lat = latency[server]?.[tool];
    return {
      server,
      tool,
      validTested: ran(valid),
      validOk: ok(valid),
      errorTested: ran(invalid),
      errorOk: ok(invalid),
      parseable: ok(valid) && !shapeFailed,
      ...(lat ? { latencyMs: { p50: lat.p50, p95: lat.p95, p99: lat.p99 } } : {}),
      evidence: [...parts.values()].map((c) => `${c.id} ${c.status}`).join(', '),
    };
  });
}
