import { McpConnection } from '../connection.js';
import type { ResolvedServer } from '../mcp-config.js';
import type { ListedTool } from './client-calls.js';

/**
 * The tools a server lists (name and `inputSchema`), from a session of its
 * own: what a client's calls are judged against when the client itself
 * never asked for the list. Lists only; calls nothing.
 *
 * @example
 * const tools = await listServerTools(server, { timeoutMs: 30_000 });
 */
export async function listServerTools(server: ResolvedServer, options: { timeoutMs: number; signal?: AbortSignal }): Promise<ListedTool[]> {
  const connection = await McpConnection.open(server, { startupTimeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  try {
    return (await connection.listTools(options.timeoutMs)).map((t) => ({ name: t.name, inputSchema: t.inputSchema }));
  } finally {
    await connection.close();
  }
}
