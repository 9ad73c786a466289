import type { CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { ToolLatencySchema, type ToolLatency, type ToolProbeResult } from './inputs.js';

const TOOL_CHECK_RE = /^mcp\.([^.]+)\.([^.]+)\.(valid|shape|output-schema|invalid)$/;
const LATENCY_CHECK_RE = /^mcp\.([^.]+)\.latency$/;

/** Per-tool latency as the probe reports it: `{ server: { tool: { p50, p95, p99 } } }`. */
export type ToolLatencyMap = Record<string, Record<string, ToolLatency>>;

/** `data.latency` of the probe's `mcp.<server>.latency` check: per tool, the percentiles of its successful calls. */
const LatencyCheckDataSchema = z.object({ latency: z.record(z.string(), ToolLatencySchema) });

/**
 * Per-tool latency, from the given map first and then from the probe's
 * `mcp.<server>.latency` check records (`data.latency[tool]`, ms). Tool keys
 * written `server/tool` (RUN4_STATE.json's mcp_tool_results) are read as `tool`.
 *
 * @example
 * latencyFromChecks(m2Checks).architect?.decompose; // { p50: 2.1, p95: 4.8, p99: 4.8 }
 */
export function latencyFromChecks(checks: readonly CheckRecord[], given: ToolLatencyMap = {}): ToolLatencyMap {
  const out: ToolLatencyMap = {};
  const put = (server: string, tool: string, lat: ToolLatency) => {
    const name = tool.startsWith(`${server}/`) ? tool.slice(server.length + 1) : tool;
    const forServer = (out[server] ??= {});
    forServer[name] ??= { p50: lat.p50, p95: lat.p95, p99: lat.p99 };
  };
  for (const [server, tools] of Object.entries(given)) for (const [tool, lat] of Object.entries(tools)) put(server, tool, lat);
  for (const c of checks) {
    const m = LATENCY_CHECK_RE.exec(c.id);
    const data = m ? LatencyCheckDataSchema.safeParse(c.data) : undefined;
    if (!m || !data?.success) continue;
    for (const [tool, lat] of Object.entries(data.data.latency)) put(m[1] as string, tool, lat);
  }
  return out;
}

/**
 * Derive the per-tool probe results from the probe's check records
 * (`mcp.<server>.<tool>.valid`, `.shape`, `.output-schema`, `.invalid`):
 * valid tested = a `.valid` check ran; valid OK = it PASSed; parseable = it
 * PASSed and no shape / outputSchema check failed; error tested = an
 * `.invalid` check ran, error OK = it PASSed. A WARN part is never OK: it is
 * listed in `warned`. Latency comes from `latency` and the probe's
 * `mcp.<server>.latency` records (see {@link latencyFromChecks}).
 *
 * @example
 * toolResultsFromChecks(m2Checks); // [{ server: 'architect', tool: 'decompose', validOk: true, latencyMs: { p50: 2.1, ... }, ... }]
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
  const latencies = latencyFromChecks(checks, latency);
  const ran = (c: CheckRecord | undefined) => c !== undefined && c.status !== 'SKIP';
  const ok = (c: CheckRecord | undefined) => c !== undefined && c.status === 'PASS';
  return [...byTool.values()].map(({ server, tool, parts }) => {
    const valid = parts.get('valid');
    const invalid = parts.get('invalid');
    const shapeFailed = ['shape', 'output-schema'].some((p) => parts.get(p)?.status === 'FAIL');
    const lat = latencies[server]?.[tool];
    return {
      server,
      tool,
      validTested: ran(valid),
      validOk: ok(valid),
      errorTested: ran(invalid),
      errorOk: ok(invalid),
      parseable: ok(valid) && !shapeFailed,
      warned: [...parts.entries()].filter(([, c]) => c.status === 'WARN').map(([p]) => p),
      ...(lat ? { latencyMs: lat } : {}),
      evidence: [...parts.values()].map((c) => `${c.id} ${c.status}`).join(', '),
    };
  });
}
