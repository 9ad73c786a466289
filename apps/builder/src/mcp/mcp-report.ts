import { z } from 'zod';

const Role = z.enum(['contract_engine', 'codebase_intelligence']);

/** One client call as it ended: answered (`ok`) or answered with the safe default. */
export const McpCallSchema = z.object({
  server: Role,
  tool: z.string(),
  ok: z.boolean(),
  attempts: z.number().int().positive(),
  /** The backoff waits before attempts 2, 3, 4 (ms). */
  retry_delays_ms: z.array(z.number()),
  reconnects: z.number().int().nonnegative(),
  started_at: z.string(),
  duration_ms: z.number(),
  /** Why the last attempt failed (safe default taken), with `transient`/`permanent`. */
  error: z.string().optional(),
});
export type McpCall = z.infer<typeof McpCallSchema>;

/** One Build 1 server as the build used it. */
export const McpServerReportSchema = z.object({
  /** `used`: started and called; `fallback`: enabled but not reachable, static path taken; `off`: not enabled at this depth. */
  status: z.enum(['used', 'fallback', 'off']),
  reason: z.string(),
  source: z.enum(['server_command', 'mcp_config', 'mcp_command', 'seed_default']).optional(),
  command: z.string().optional(),
  startup_ms: z.number().optional(),
  calls: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  safe_defaults: z.number().int().nonnegative(),
});

/** A static path taken in place of a server (R4-M2-006). */
export const McpFallbackSchema = z.object({
  server: Role,
  fallback: z.enum(['static_contract_scan', 'static_codebase_map']),
  reason: z.string(),
  detail: z.string(),
});

/**
 * STATE.json `mcp`: which Build 1 servers the build used, every call it
 * made (attempts, backoff waits, safe defaults), the static fallbacks it
 * took, and what it did with the answers.
 */
export const McpReportSchema = z.object({
  retry_policy: z.object({ retries: z.number().int(), delays_ms: z.array(z.number()), transient: z.string() }),
  servers: z.object({ contract_engine: McpServerReportSchema, codebase_intelligence: McpServerReportSchema }),
  calls: z.array(McpCallSchema),
  fallbacks: z.array(McpFallbackSchema),
  contracts: z.object({
    /** Contract Engine contracts the build used (`used_as`: the file generated from, or why not). */
    fetched: z.array(z.object({ id: z.string(), type: z.string(), used_as: z.string() })),
    validated: z.array(z.object({ target: z.string(), valid: z.boolean(), detail: z.string() })),
    marked_implemented: z.array(z.string()),
    breaking_changes: z.number().int().nonnegative(),
    generated_tests: z.array(z.string()),
  }),
  artifacts: z.object({ registered: z.number().int(), indexed: z.number().int(), not_indexed: z.array(z.string()) }),
  codebase_map: z.object({ source: z.enum(['codebase_intelligence', 'static', 'none']), file: z.string().optional() }),
});
export type McpReport = z.infer<typeof McpReportSchema>;
export type McpServerReport = z.infer<typeof McpServerReportSchema>;

export const TRANSIENT_DESCRIPTION =
  'closed connection / broken pipe (reconnect), JSON-RPC -32000 or -32001, call timeout, isError text saying temporarily unavailable / timed out / try again / busy / database is locked; anything else is permanent (safe default at once)';

/**
 * An empty report for the given retry delays; the MCP phases fill it in.
 *
 * @example
 * const report = emptyReport([1000, 2000, 4000]);
 */
export function emptyReport(delaysMs: number[]): McpReport {
  const off = (): McpServerReport => ({ status: 'off', reason: 'not enabled', calls: 0, retries: 0, safe_defaults: 0 });
  return {
    retry_policy: { retries: delaysMs.length, delays_ms: delaysMs, transient: TRANSIENT_DESCRIPTION },
    servers: { contract_engine: off(), codebase_intelligence: off() },
    calls: [],
    fallbacks: [],
    contracts: { fetched: [], validated: [], marked_implemented: [], breaking_changes: 0, generated_tests: [] },
    artifacts: { registered: 0, indexed: 0, not_indexed: [] },
    codebase_map: { source: 'none' },
  };
}

/**
 * Add one finished call to the report and its server's counters.
 *
 * @example
 * recordCall(report, call);
 */
export function recordCall(report: McpReport, call: McpCall): void {
  report.calls.push(call);
  const server = report.servers[call.server];
  server.calls += 1;
  server.retries += call.attempts - 1;
  if (!call.ok) server.safe_defaults += 1;
}
