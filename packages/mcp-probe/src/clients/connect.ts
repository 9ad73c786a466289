import { McpConnection } from '../connection.js';
import type { ResolvedServer } from '../mcp-config.js';
import type { SessionSource } from './base-client.js';
import { sessionFromConnection } from './tool-session.js';

/**
 * A reconnecting session source for a typed client: each (re)connect
 * spawns the server from its `.mcp.json` entry; the connections it opened
 * are closed by the returned `close()`.
 *
 * @example
 * const { source, close } = connectClientSession(server);
 * const ce = new ContractEngineClient(source);
 * try { await ce.getUnimplementedContracts(); } finally { await close(); }
 */
export function connectClientSession(server: ResolvedServer, options: { startupTimeoutMs?: number; callTimeoutMs?: number } = {}): { source: SessionSource; close: () => Promise<void> } {
  const opened: McpConnection[] = [];
  const source = async () => {
    for (const c of opened) if (c.closed) await c.close();
    const conn = await McpConnection.open(server, { startupTimeoutMs: options.startupTimeoutMs ?? 30_000 });
    opened.push(conn);
    return sessionFromConnection(conn, options.callTimeoutMs ?? 30_000);
  };
  return { source, close: async () => void (await Promise.all(opened.map((c) => c.close()))) };
}
