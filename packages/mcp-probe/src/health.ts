import { McpConnection, errorText } from './connection.js';
import type { ResolvedServer } from './mcp-config.js';
import type { HealthResult } from '@run4/schemas';

/**
 * R4-M1-005 `check_mcp_health`: start the server, initialize, list its
 * tools, close. Never throws; the answer is a seed `health_result`
 * (healthy = handshake done, `tools` capability declared, tools listed).
 *
 * @example
 * const health = await checkMcpHealth(loadMcpConfig('.mcp.json')[0]!, 30_000);
 * // { status: 'healthy', tools_count: 9, tool_names: [...] }
 */
export async function checkMcpHealth(server: ResolvedServer, timeoutMs = 30_000): Promise<HealthResult> {
  let conn: McpConnection | undefined;
  try {
    conn = await McpConnection.open(server, { startupTimeoutMs: timeoutMs });
    if (!conn.client.getServerCapabilities()?.tools) return { status: 'unhealthy', tools_count: 0, tool_names: [], error: `${server.name}: capabilities lack "tools"` };
    const tools = await conn.listTools(timeoutMs);
    return { status: 'healthy', tools_count: tools.length, tool_names: tools.map((t) => t.name) };
  } catch (error) {
    return { status: 'unhealthy', tools_count: 0, tool_names: [], error: errorText(error) };
  } finally {
    await conn?.close();
  }
}
