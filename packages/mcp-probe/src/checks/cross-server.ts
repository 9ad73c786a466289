import { check, type CheckRecord } from '@run4/checks';
import type { McpConnection } from '../connection.js';
import type { ServerSession } from '../server-session.js';
import { describeOutcome, resultJson } from '../tool-result.js';
import type { LifecycleCall } from './lifecycle.js';

/**
 * Open one fresh session per target at the same moment and call each
 * server's cheap tool at once: all must succeed (no lock or port conflicts).
 * With fewer than 3 servers, 3 sessions are spread over the ones there are.
 *
 * @example
 * await checkSimultaneousSessions([[session, { tool: 'echo', args: { message: 'x' } }]], 5000);
 */
export async function checkSimultaneousSessions(targets: ReadonlyArray<readonly [ServerSession, LifecycleCall]>, timeoutMs: number): Promise<CheckRecord> {
  const req = ['B1-18', 'R4-M2-004'];
  if (targets.length === 0) return check('mcp.lifecycle.simultaneous', 'simultaneous sessions', 'SKIP', 'no healthy server to open sessions to', req);
  const count = Math.max(3, targets.length);
  const plan = Array.from({ length: count }, (_, i) => targets[i % targets.length]!);
  const started = performance.now();
  const results = await Promise.all(
    plan.map(async ([session, call]) => {
      let conn: McpConnection | undefined;
      try {
        conn = await session.openExtra();
        const out = await conn.callTool(call.tool, call.args, timeoutMs);
        const ok = out.kind === 'result' && !out.result.isError;
        return { ok, text: `${session.server.name}/${call.tool}: ${describeOutcome(out)}` };
      } catch (error) {
        return { ok: false, text: `${session.server.name}: ${error instanceof Error ? error.message : String(error)}` };
      } finally {
        await conn?.close();
      }
    }),
  );
  const bad = results.filter((r) => !r.ok);
  return check(
    'mcp.lifecycle.simultaneous',
    `${count} sessions open at once`,
    bad.length ? 'FAIL' : 'PASS',
    bad.length ? bad.map((r) => r.text).join('; ') : `${count} sessions (${plan.map(([s]) => s.server.name).join(', ')}) opened and answered concurrently`,
    req,
    performance.now() - started,
  );
}

/**
 * R4-M2-008: the architect's `get_contracts_for_service` reaches the
 * Contract Engine over HTTP. States the hidden dependency when the HTTP side
 * is down instead of reporting an unexplained empty list.
 *
 * @example
 * await checkArchitectCrossRef(architectSession, ['accounts-api'], 10_000);
 */
export async function checkArchitectCrossRef(architect: ServerSession, serviceNames: readonly string[], timeoutMs: number): Promise<CheckRecord> {
  const req = ['B1-19', 'R4-M2-008', 'X-03'];
  const id = 'mcp.cross-server.architect-contract-engine';
  const name = "architect's get_contracts_for_service reaches the Contract Engine HTTP API";
  const env = architect.server.transport === 'stdio' ? architect.server.env : {};
  const base = (env.CONTRACT_ENGINE_URL ?? process.env.CONTRACT_ENGINE_URL ?? 'http://127.0.0.1:8002').replace(/\/$/, '');
  let httpUp = false;
  let httpNote = '';
  try {
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(3000) });
    httpUp = res.ok;
    httpNote = `GET ${base}/api/health → ${res.status}`;
  } catch (error) {
    httpNote = `GET ${base}/api/health failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  // Ask for each service in turn (a known one first, then the one the probe registered) until one has contracts.
  let serviceName = serviceNames[0] ?? 'run4-probe';
  let out: Awaited<ReturnType<ServerSession['call']>> | undefined;
  let list: unknown[] | undefined;
  for (const name of serviceNames.length ? serviceNames : ['run4-probe']) {
    await architect.ensureAlive();
    serviceName = name;
    out = await architect.call('get_contracts_for_service', { service_name: name }, timeoutMs);
    const parsed = out.kind === 'result' && !out.result.isError ? resultJson(out.result) : undefined;
    list = Array.isArray(parsed) ? parsed : undefined;
    if (!list || list.length > 0) break;
  }
  if (!out) throw new Error('no service name to ask for');
  const hidden = `hidden dependency: the architect MCP server needs the Contract Engine HTTP API at ${base} (CONTRACT_ENGINE_URL)`;
  if (!httpUp) {
    return check(id, name, 'FAIL', `${hidden}, which is not reachable (${httpNote}); get_contracts_for_service → ${describeOutcome(out)}`, req, out.ms, { contractEngineUrl: base, httpUp });
  }
  if (!list) return check(id, name, 'FAIL', `${httpNote}, but get_contracts_for_service("${serviceName}") → ${describeOutcome(out)}`, req, out.ms, { contractEngineUrl: base, httpUp });
  if (list.length === 0) {
    return check(id, name, 'WARN', `${httpNote}; get_contracts_for_service("${serviceName}") returned an empty list for ${serviceNames.join(', ')} (no contracts registered for them in the HTTP side's store)`, req, out.ms, {
      contractEngineUrl: base,
      httpUp,
      contracts: 0,
    });
  }
  return check(id, name, 'PASS', `${httpNote}; get_contracts_for_service("${serviceName}") returned ${list.length} contracts via the Contract Engine HTTP API`, req, out.ms, {
    contractEngineUrl: base,
    httpUp,
    contracts: list.length,
  });
}
