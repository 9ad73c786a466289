import { z } from 'zod';

/**
 * One MCP server's health as RUN4_STATE.json records it (seed 001 section
 * 7.1 `definitions.health_result`).
 *
 * @example
 * HealthResultSchema.parse({ status: 'healthy', tools_count: 9, tool_names: ['get_contract'] });
 */
export const HealthResultSchema = z
  .object({
    status: z.enum(['healthy', 'unhealthy']),
    tools_count: z.number().int().min(0),
    tool_names: z.array(z.string()),
    error: z.string().optional(),
  })
  .strict();
export type HealthResult = z.infer<typeof HealthResultSchema>;

const outcome = z.enum(['PASS', 'FAIL', 'WARN', 'SKIP']);

/**
 * What one tool's round trips showed (the values of RUN4_STATE.json's
 * `mcp_tool_results`, keyed `server/tool`), with its measured latency.
 *
 * @example
 * McpToolResultSchema.parse({ server: 'contract-engine', valid: 'PASS', latency_ms: { p50: 3, p95: 9, p99: 12, n: 10 } });
 */
export const McpToolResultSchema = z
  .object({
    server: z.string(),
    valid: outcome,
    invalid: outcome.optional(),
    defaults: outcome.optional(),
    shape: outcome.optional(),
    output_schema: outcome.optional(),
    latency_ms: z.object({ p50: z.number(), p95: z.number(), p99: z.number(), n: z.number() }).optional(),
  })
  .strict();
export type McpToolResult = z.infer<typeof McpToolResultSchema>;
