import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, summarizeChecks, type CheckRecord } from '@run4/checks';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { checkHandshake, checkStartup } from './checks/handshake.js';
import { checkNameCollisions, checkToolNameFormat, checkToolNames, checkToolSchemas } from './checks/inventory.js';
import { checkKillAndReconnect, checkReopen, checkSequentialCalls, checkTimeout, type LifecycleCall } from './checks/lifecycle.js';
import { checkArchitectCrossRef, checkSimultaneousSessions } from './checks/cross-server.js';
import { checkUnknownTool, roundTripTool } from './checks/round-trips.js';
import { McpConnection } from './connection.js';
import { ProbeUsageError } from './errors.js';
import { latencyStats, toolLatency, type LatencyStats } from './latency.js';
import type { ResolvedServer } from './mcp-config.js';
import { build1Profile, requirePrdText } from './profiles/build1.js';
import type { ProbeProfile, ProfileContext, ServerProfile } from './profiles/profile.js';
import { ProbeReportSchema, type ProbeReport, type ServerReport } from './report.js';
import { Scratch } from './scratch.js';
import { ServerSession } from './server-session.js';
import { decideToolCall, isReadOnly, type CallToolsPolicy } from './tool-safety.js';

/** A live progress event, for CLIs that show what the probe is doing. */
export type ProbeProgress =
  | { type: 'server-start'; server: string }
  | { type: 'check'; server: string | null; check: CheckRecord }
  | { type: 'server-done'; server: string; status: 'healthy' | 'unhealthy' };

export interface ProbeTimeouts {
  /** Handshake deadline for a restart / reopen, ms (default 30 000). */
  startupMs?: number;
  /** Handshake deadline for the first start of each server, ms (default 120 000). */
  firstStartMs?: number;
  /** Deadline of one tool call, ms (default 30 000). */
  callMs?: number;
}

export interface ProbeOptions {
  servers: ResolvedServer[];
  /** `build1` (the reference foundation's 20 tools), `auto` (whatever is listed), or a custom profile. Default `auto`. */
  profile?: 'build1' | 'auto' | ProbeProfile;
  /** Only these server names (unknown names are a usage error). */
  serverFilter?: string[];
  timeouts?: ProbeTimeouts;
  /** Extra valid calls per tool for latency percentiles (default 3). */
  latencySamples?: number;
  /** PRD text of the stack under test for the build1 profile's `decompose` call; required with profile `build1` (else `ProbeUsageError`, exit 2). */
  prdText?: string;
  /** Services whose contracts the Contract Engine HTTP side holds, asked for first by the cross-server check (e.g. the stack's sample-app services). */
  crossServerServices?: string[];
  /** Run R4-M2-008 (architect → Contract Engine HTTP) when an `architect` server is probed with a profile that covers it. Default true. */
  crossServer?: boolean;
  /** Calls per tool, per call deadline of 5 s for the p95 threshold of R4-M2-007. */
  latencyLimitMs?: number;
  /**
   * Which tools may be called with the probe's own arguments. Default `safe`:
   * tools annotated `readOnlyHint: true` and tools the profile gives inputs
   * for; every other tool is inventoried and schema-checked but not called
   * (its `.valid` check is a SKIP with the reason). `all` or a list of
   * `tool` / `server/tool` names opts tools in.
   */
  callTools?: CallToolsPolicy;
  onProgress?: (event: ProbeProgress) => void;
  signal?: AbortSignal;
}

interface ServerRun {
  report: ServerReport;
  session?: ServerSession;
  lifecycle?: LifecycleCall;
}

function resolveProfile(options: ProbeOptions): ProbeProfile {
  const p = options.profile ?? 'auto';
  if (p === 'build1') return build1Profile({ prdText: requirePrdText(options.prdText, "probeServers with profile 'build1'") });
  if (p === 'auto') return { name: 'auto', servers: {} };
  return p;
}

function emptyReport(server: ResolvedServer, profile: string): ServerReport {
  return {
    name: server.name,
    transport: server.transport,
    status: 'unhealthy',
    serverInfo: null,
    startupMs: null,
    toolNames: [],
    profile,
    handshake: [],
    inventory: [],
    roundTrips: [],
    lifecycle: [],
    latencyChecks: [],
    latency: {},
    toolCalls: [],
  };
}

function pickLifecycleCall(sp: ServerProfile | undefined, ctx: ProfileContext, tools: Tool[], session: ServerSession, passed: Map<string, Record<string, unknown>>): LifecycleCall | undefined {
  if (sp?.lifecycleCall && tools.some((t) => t.name === sp.lifecycleCall!.tool)) return { tool: sp.lifecycleCall.tool, args: sp.lifecycleCall.args(ctx) };
  let best: LifecycleCall | undefined;
  let bestMs = Infinity;
  for (const [tool, args] of passed) {
    const ms = latencyStats(session.samples.get(tool) ?? []).p50;
    if (ms < bestMs) [best, bestMs] = [{ tool, args }, ms];
  }
  return best;
}

async function probeServer(server: ResolvedServer, profile: ProbeProfile, ctx: ProfileContext, options: Required<Pick<ProbeOptions, 'latencySamples' | 'latencyLimitMs'>> & ProbeOptions): Promise<ServerRun> {
  const sp = profile.servers[server.name];
  const profileName = sp ? profile.name : 'auto';
  const report = emptyReport(server, profileName);
  const emit = (rec: CheckRecord, list: CheckRecord[]) => {
    list.push(rec);
    options.onProgress?.({ type: 'check', server: server.name, check: rec });
  };
  const t = { startupMs: 30_000, firstStartMs: 120_000, callMs: 30_000, ...options.timeouts };
  options.onProgress?.({ type: 'server-start', server: server.name });
  const handshakeIds = sp?.handshakeRequirementIds ?? ['R4-M2-001'];
  let conn: McpConnection;
  const started = performance.now();
  const scratch = new Scratch(ctx.workDir, server.name);
  try {
    conn = await McpConnection.open(server, { startupTimeoutMs: t.firstStartMs, signal: options.signal, roots: [scratch.dir] });
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    emit(check(`mcp.${server.name}.handshake`, `${server.name}: handshake and tools capability`, 'FAIL', report.error, handshakeIds, performance.now() - started), report.handshake);
    options.onProgress?.({ type: 'server-done', server: server.name, status: 'unhealthy' });
    return { report };
  }
  const session = new ServerSession(server, conn, t.startupMs, options.signal, [scratch.dir]);
  report.startupMs = Math.round(conn.startupMs * 100) / 100;
  report.serverInfo = conn.client.getServerVersion() ?? null;
  emit(checkHandshake(conn, handshakeIds), report.handshake);
  emit(checkStartup(server.name, conn.startupMs, t.firstStartMs), report.handshake);

  let lifecycle: LifecycleCall | undefined;
  try {
    let tools: Tool[] = [];
    try {
      tools = await conn.listTools(t.callMs);
    } catch (error) {
      report.error = `tools/list failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    report.toolNames = tools.map((x) => x.name);
    emit(checkToolNames(server.name, tools, sp?.tools, sp?.inventoryRequirementIds ?? ['R4-M2-001']), report.inventory);
    emit(checkToolNameFormat(server.name, tools), report.inventory);
    emit(checkToolSchemas(server.name, tools), report.inventory);
    const healthy = report.handshake[0]?.status === 'PASS' && report.inventory[0]?.status !== 'FAIL';
    report.status = healthy ? 'healthy' : 'unhealthy';
    if (!healthy && !report.error) report.error = [report.handshake[0], report.inventory[0]].find((r) => r?.status === 'FAIL')?.evidence;

    await sp?.setup?.(ctx);
    const order = [...(sp?.tools ?? []).map((n) => tools.find((x) => x.name === n)).filter((x): x is Tool => x !== undefined), ...tools.filter((x) => !sp?.tools.includes(x.name))];
    const passed = new Map<string, Record<string, unknown>>();
    for (const tool of order) {
      if (options.signal?.aborted) break;
      const spec = sp?.specs[tool.name];
      const decision = decideToolCall(server.name, tool, spec !== undefined, options.callTools ?? 'safe');
      report.toolCalls.push(decision);
      const records = await roundTripTool(session, tool, spec, ctx, {
        callTimeoutMs: t.callMs,
        latencySamples: options.latencySamples,
        wiringRequirementIds: sp?.wiringRequirementIds ?? [],
        decision,
        scratch,
      });
      for (const r of records) emit(r, report.roundTrips);
      const valid = records[0];
      // the lifecycle checks repeat a call 10+ times and kill the server mid-call: only with a profile's or a read-only tool
      const args = valid?.data?.args as Record<string, unknown> | undefined;
      if (valid?.status === 'PASS' && args && (spec || isReadOnly(tool))) passed.set(tool.name, spec ? spec.valid(ctx) : args);
    }
    if (!options.signal?.aborted) emit(await checkUnknownTool(session, t.callMs), report.roundTrips);

    lifecycle = pickLifecycleCall(sp, ctx, tools, session, passed);
    if (!options.signal?.aborted) {
      if (!lifecycle) {
        emit(check(`mcp.${server.name}.lifecycle`, `${server.name}: session lifecycle`, 'SKIP', 'no read-only or profile tool answered a valid call, so there is nothing safe to repeat', ['R4-M2-004']), report.lifecycle);
      } else {
        emit(await checkSequentialCalls(session, lifecycle, t.callMs), report.lifecycle);
        emit(await checkTimeout(session, lifecycle), report.lifecycle);
        emit(await checkReopen(session, sp?.persistence, ctx, t.callMs), report.lifecycle);
        emit(await checkKillAndReconnect(session, lifecycle, t.callMs), report.lifecycle);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report.status = 'unhealthy';
    report.error ??= message;
    emit(check(`mcp.${server.name}.probe`, `${server.name}: probe ran to the end`, 'FAIL', `probe stopped early: ${message}`, ['R4-M2-005']), report.lifecycle);
  }
  const latency: Record<string, LatencyStats> = {};
  for (const [tool, samples] of session.samples) latency[tool] = toolLatency(samples);
  report.latency = latency;
  emit(latencyCheck(server.name, latency, options.latencyLimitMs, sp !== undefined), report.latencyChecks);
  options.onProgress?.({ type: 'server-done', server: server.name, status: report.status });
  return { report, session, lifecycle };
}

/**
 * R4-M2-007 per-tool latency: a warm p95 over the limit FAILs (WARN for a
 * server without a profile, whose limit is only advisory); a slow first
 * (cold) call alone is a WARN that names it.
 */
function latencyCheck(server: string, latency: Record<string, LatencyStats>, limitMs: number, profiled: boolean): CheckRecord {
  const id = `mcp.${server}.latency`;
  const name = `${server}: per-tool latency p95 under ${limitMs} ms`;
  const entries = Object.entries(latency);
  if (entries.length === 0) return check(id, name, 'SKIP', 'no successful call to time', ['R4-M2-007']);
  const slow = entries.filter(([, s]) => s.p95 > limitMs);
  const coldSlow = entries.filter(([, s]) => s.p95 <= limitMs && (s.first ?? 0) > limitMs);
  const worst = [...entries].sort((a, b) => b[1].p95 - a[1].p95)[0]!;
  let status: 'PASS' | 'WARN' | 'FAIL' = 'PASS';
  const parts: string[] = [];
  if (slow.length) {
    status = profiled ? 'FAIL' : 'WARN';
    parts.push(`p95 over the limit: ${slow.map(([n, s]) => `${n} ${s.p95} ms`).join(', ')}${profiled ? '' : " (advisory: the limit is R4-M2-007's for Build 1; this server has no profile)"}`);
  } else {
    parts.push(`${entries.length} tools timed; slowest warm p95: ${worst[0]} ${worst[1].p95} ms`);
  }
  if (coldSlow.length) {
    if (status === 'PASS') status = 'WARN';
    parts.push(`first (cold) call over the limit: ${coldSlow.map(([n, s]) => `${n} ${s.first} ms`).join(', ')}`);
  }
  return check(id, name, status, parts.join('; '), ['R4-M2-007'], 0, { latency });
}

/**
 * Probe MCP servers: handshake, inventory, round trips of every tool,
 * session lifecycle, latency; then the cross-server checks. Every child
 * process it starts is gone when the promise settles.
 *
 * @example
 * const report = await probeServers({ servers: loadMcpConfig('apps/foundation/.mcp.json'), profile: 'build1', prdText: readFileSync(stackProfile.sample_app.prd, 'utf8') });
 * console.log(formatProbeText(report));
 */
export async function probeServers(options: ProbeOptions): Promise<ProbeReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const profile = resolveProfile(options);
  let servers = options.servers;
  if (options.serverFilter && options.serverFilter.length > 0) {
    const unknown = options.serverFilter.filter((n) => !servers.some((s) => s.name === n));
    if (unknown.length) {
      throw new ProbeUsageError(`unknown server(s) ${unknown.join(', ')}: the MCP config defines ${servers.map((s) => s.name).join(', ')}. Fix --server.`);
    }
    servers = servers.filter((s) => options.serverFilter!.includes(s.name));
  }
  if (servers.length === 0) throw new ProbeUsageError('no MCP server to probe: the config lists none.');
  const opts = { latencySamples: 3, latencyLimitMs: 5000, ...options };
  const ctx: ProfileContext = { workDir: mkdtempSync(join(tmpdir(), 'run4-probe-')), values: { runId: `${Date.now().toString(36)}${process.pid}` } };
  const runs: ServerRun[] = [];
  const crossServer: CheckRecord[] = [];
  const emit = (rec: CheckRecord) => {
    crossServer.push(rec);
    options.onProgress?.({ type: 'check', server: null, check: rec });
  };
  try {
    runs.push(...(await Promise.all(servers.map((s) => probeServer(s, profile, ctx, opts)))));
    const inventories = new Map(runs.filter((r) => r.session).map((r) => [r.report.name, r.report.toolNames.map((name) => ({ name }) as Tool)]));
    if (inventories.size > 1) emit(checkNameCollisions(inventories));
    if (!options.signal?.aborted) {
      const targets = runs.filter((r) => r.session && r.lifecycle).map((r) => [r.session!, r.lifecycle!] as const);
      emit(await checkSimultaneousSessions(targets, opts.timeouts?.callMs ?? 30_000));
    }
    const architect = runs.find((r) => r.report.name === 'architect' && r.session && profile.servers.architect);
    if (architect && options.crossServer !== false && !options.signal?.aborted) {
      const names = [...(options.crossServerServices ?? []), ...(ctx.values.contractId ? ['run4-probe'] : [])];
      emit(await checkArchitectCrossRef(architect.session!, names, opts.timeouts?.callMs ?? 30_000));
    }
  } finally {
    await Promise.all(runs.map((r) => r.session?.closeAll()));
    rmSync(ctx.workDir, { recursive: true, force: true });
  }
  const reports = runs.map((r) => r.report);
  const checks = [
    ...reports.flatMap((r) => [...r.handshake, ...r.inventory, ...r.roundTrips, ...r.lifecycle, ...r.latencyChecks]),
    ...crossServer,
  ];
  const s = summarizeChecks(checks);
  return ProbeReportSchema.parse({
    profile: profile.name,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - t0),
    aborted: options.signal?.aborted ?? false,
    servers: reports,
    crossServer,
    checks,
    summary: { total: s.total, passed: s.passed, failed: s.failed, warned: s.warned, skipped: s.skipped, ok: s.ok },
  });
}
