import { check, type CheckRecord } from '@run4/checks';
import type { PersistenceSpec, ProfileContext } from '../profiles/profile.js';
import type { ServerSession } from '../server-session.js';
import { describeOutcome, resultJson } from '../tool-result.js';

/** A cheap call the lifecycle checks repeat. */
export interface LifecycleCall {
  tool: string;
  args: Record<string, unknown>;
}

const REQ = ['R4-M2-004'];

/**
 * Ten sequential calls in one session must all succeed.
 *
 * @example
 * await checkSequentialCalls(session, { tool: 'list_contracts', args: {} }, 5000);
 */
export async function checkSequentialCalls(session: ServerSession, call: LifecycleCall, timeoutMs: number, count = 10): Promise<CheckRecord> {
  const server = session.server.name;
  await session.ensureAlive();
  const started = performance.now();
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    const out = await session.call(call.tool, call.args, timeoutMs);
    if (out.kind !== 'result' || out.result.isError) {
      failures.push(`call ${i + 1}: ${describeOutcome(out)}`);
      if (out.kind === 'closed' || out.kind === 'timeout') break;
    }
  }
  const ms = performance.now() - started;
  return check(
    `mcp.${server}.lifecycle.sequential`,
    `${server}: ${count} sequential calls in one session`,
    failures.length ? 'FAIL' : 'PASS',
    failures.length ? failures.slice(0, 3).join('; ') : `${count}/${count} calls of ${call.tool} succeeded in ${Math.round(ms)} ms`,
    REQ,
    ms,
  );
}

/**
 * A call whose deadline passes must surface as a timeout (not hang, not
 * succeed), and the session must still answer afterwards. For stdio servers
 * the process is paused (SIGSTOP) during the call so the deadline passes for
 * certain, then resumed; for HTTP servers a 1 ms deadline is used.
 *
 * @example
 * await checkTimeout(session, { tool: 'echo', args: { message: 'x' } });
 */
export async function checkTimeout(session: ServerSession, call: LifecycleCall, deadlineMs = 300): Promise<CheckRecord> {
  const server = session.server.name;
  await session.ensureAlive();
  // the whole process group is paused, so a wrapper script's server child stops too
  const paused = session.conn.pid !== null && session.conn.kill('SIGSTOP');
  let out;
  try {
    out = await session.conn.callTool(call.tool, call.args, paused ? deadlineMs : 1);
  } finally {
    if (paused) session.conn.kill('SIGCONT');
  }
  // let a resumed process settle before judging whether the session survived
  await new Promise((r) => setTimeout(r, 100));
  const alive = (await session.conn.ping(5000)) && !session.conn.closed;
  const how = paused ? `server paused (SIGSTOP) during ${call.tool} with a ${deadlineMs} ms deadline` : `${call.tool} with a 1 ms deadline`;
  let status: 'PASS' | 'FAIL' | 'WARN' = 'PASS';
  let evidence = `${how} → ${describeOutcome(out)}; after resuming, the session ${alive ? 'still answers ping' : 'no longer answers'}`;
  if (out.kind === 'result') [status, evidence] = [paused ? 'FAIL' : 'WARN', `${evidence}; ${paused ? 'a result arrived although the server was paused' : 'the server answered within the deadline, so the timeout path was not exercised'}`];
  else if (out.kind !== 'timeout') status = 'FAIL';
  if (!alive) status = 'FAIL';
  if (!alive) await session.reconnect();
  return check(`mcp.${server}.lifecycle.timeout`, `${server}: a call past its deadline surfaces as a timeout`, status, evidence, REQ, out.ms);
}

/**
 * Close the session, open a new one, and read data written in the first
 * session (the server's storage survives across sessions).
 *
 * @example
 * await checkReopen(session, profile.persistence, ctx, 5000);
 */
export async function checkReopen(session: ServerSession, spec: PersistenceSpec | undefined, ctx: ProfileContext, timeoutMs: number): Promise<CheckRecord> {
  const server = session.server.name;
  const id = `mcp.${server}.lifecycle.reopen`;
  const name = `${server}: close and reopen keeps the data`;
  if (!spec) return check(id, name, 'SKIP', 'the profile defines no data written in one session and read in the next for this server', REQ);
  const started = performance.now();
  const conn = await session.reconnect();
  const out = await session.call(spec.tool, spec.args(ctx), timeoutMs);
  const ms = performance.now() - started;
  if (out.kind !== 'result' || out.result.isError) return check(id, name, 'FAIL', `after reopen, ${spec.tool} → ${describeOutcome(out)}`, REQ, ms);
  const problem = spec.verify(resultJson(out.result), ctx);
  return check(
    id,
    name,
    problem ? 'FAIL' : 'PASS',
    problem ?? `new session (startup ${Math.round(conn.startupMs)} ms) read back the data via ${spec.tool}`,
    REQ,
    ms,
    { warmStartupMs: Math.round(conn.startupMs * 100) / 100 },
  );
}

/**
 * Kill the server process while a call is in flight: the call must fail
 * fast as a closed connection (not hang), the client must notice, and the
 * next call on a new session must succeed.
 *
 * @example
 * await checkKillAndReconnect(session, { tool: 'echo', args: { message: 'x' } }, 5000);
 */
export async function checkKillAndReconnect(session: ServerSession, call: LifecycleCall, timeoutMs: number): Promise<CheckRecord> {
  const server = session.server.name;
  const id = `mcp.${server}.lifecycle.kill-reconnect`;
  const name = `${server}: server killed mid-call is detected and the client reconnects`;
  const req = ['B1-17', 'R4-M2-004', 'R4-M2-005'];
  await session.ensureAlive();
  if (session.server.transport !== 'stdio') return check(id, name, 'SKIP', 'streamable HTTP server: the probe does not own its process, so it cannot kill it', req);
  const started = performance.now();
  const inFlight = session.conn.callTool(call.tool, call.args, timeoutMs);
  session.conn.kill('SIGKILL');
  const out = await inFlight;
  const detectDeadline = Date.now() + 3000;
  while (!session.conn.closed && Date.now() < detectDeadline) await new Promise((r) => setTimeout(r, 25));
  const detected = session.conn.closed;
  const parts = [`in-flight ${call.tool} → ${describeOutcome(out)}`, detected ? 'client saw the connection close' : 'client did NOT notice the process exit within 3 s'];
  let ok = detected && out.kind !== 'timeout';
  try {
    await session.reconnect();
    const next = await session.call(call.tool, call.args, timeoutMs);
    const nextOk = next.kind === 'result' && !next.result.isError;
    parts.push(`next call on a new session → ${describeOutcome(next)}`);
    ok = ok && nextOk;
  } catch (error) {
    parts.push(`reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
    ok = false;
  }
  return check(id, name, ok ? 'PASS' : 'FAIL', parts.join('; '), req, performance.now() - started);
}
