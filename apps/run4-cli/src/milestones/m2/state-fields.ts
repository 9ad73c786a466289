import { z } from 'zod';
import { probeWiringPassed, type ProbeReport } from '@run4/mcp-probe';
import { HealthResultSchema, McpToolResultSchema, type HealthResult } from '@run4/schemas';

/** The RUN4_STATE.json fields M2 owns. */
export const M2StateFieldsSchema = z.object({
  mcp_health: z.record(z.string(), HealthResultSchema),
  mcp_tool_results: z.record(z.string(), McpToolResultSchema),
  b1_b2_wiring_passed: z.boolean(),
});
export type M2StateFields = z.infer<typeof M2StateFieldsSchema>;

/**
 * The RUN4_STATE.json fields of milestone M2: `mcp_health` (one
 * health_result per server), `mcp_tool_results` (keyed `server/tool`) and
 * `b1_b2_wiring_passed` (every server healthy and no functional check
 * FAILed; a latency/startup threshold miss of R4-M2-007 alone does not clear it).
 *
 * @example
 * Object.assign(state, toM2StateFields(report));
 */
export function toM2StateFields(report: ProbeReport): M2StateFields {
  const mcp_health: Record<string, HealthResult> = {};
  const mcp_tool_results: M2StateFields['mcp_tool_results'] = {};
  for (const s of report.servers) {
    mcp_health[s.name] = {
      status: s.status,
      tools_count: s.toolNames.length,
      tool_names: s.toolNames,
      ...(s.error ? { error: s.error } : {}),
    };
    for (const tool of s.toolNames) {
      const get = (suffix: string) => s.roundTrips.find((c) => c.id === `mcp.${s.name}.${tool}.${suffix}`)?.status;
      const lat = s.latency[tool];
      mcp_tool_results[`${s.name}/${tool}`] = {
        server: s.name,
        valid: get('valid') ?? 'SKIP',
        ...(get('invalid') ? { invalid: get('invalid') } : {}),
        ...(get('defaults') ? { defaults: get('defaults') } : {}),
        ...(get('shape') ? { shape: get('shape') } : {}),
        ...(get('output-schema') ? { output_schema: get('output-schema') } : {}),
        ...(lat ? { latency_ms: { p50: lat.p50, p95: lat.p95, p99: lat.p99, n: lat.n } } : {}),
      };
    }
  }
  // Wiring = every server healthy and no functional check failed; a timing threshold alone does not clear it.
  const b1_b2_wiring_passed = probeWiringPassed(report);
  return M2StateFieldsSchema.parse({ mcp_health, mcp_tool_results, b1_b2_wiring_passed });
}
