import { check, type CheckRecord } from '@run4/checks';
import type { McpConnection } from '../connection.js';

/**
 * Handshake check: initialize completed, capabilities include `tools`, and
 * the server named itself (serverInfo name + version).
 *
 * @example
 * const rec = checkHandshake(conn, ['B1-09', 'R4-M2-001']);
 */
export function checkHandshake(conn: McpConnection, requirementIds: string[]): CheckRecord {
  const name = conn.server.name;
  const caps = conn.client.getServerCapabilities();
  const info = conn.client.getServerVersion();
  const problems: string[] = [];
  if (!caps?.tools) problems.push(`capabilities lack "tools" (got ${JSON.stringify(Object.keys(caps ?? {}))})`);
  if (!info?.name) problems.push('serverInfo.name missing');
  if (!info?.version) problems.push('serverInfo.version missing');
  const evidence =
    problems.length === 0
      ? `initialize OK in ${Math.round(conn.startupMs)} ms: ${info?.name}@${info?.version}, capabilities ${Object.keys(caps ?? {}).join(', ')}`
      : problems.join('; ');
  return check(`mcp.${name}.handshake`, `${name}: handshake and tools capability`, problems.length ? 'FAIL' : 'PASS', evidence, requirementIds, conn.startupMs, {
    serverInfo: info ?? null,
    capabilities: Object.keys(caps ?? {}),
  });
}

/**
 * Startup latency check: first start within its limit (R4-M2-007: 30 s,
 * 120 s for a first start that loads models).
 *
 * @example
 * checkStartup('architect', 850, 30_000);
 */
export function checkStartup(server: string, startupMs: number, limitMs: number): CheckRecord {
  const ok = startupMs <= limitMs;
  return check(
    `mcp.${server}.startup`,
    `${server}: session startup time`,
    ok ? 'PASS' : 'FAIL',
    `spawn + initialize took ${Math.round(startupMs)} ms (limit ${limitMs} ms)`,
    ['R4-M2-007'],
    startupMs,
    { startupMs: Math.round(startupMs * 100) / 100, limitMs },
  );
}
