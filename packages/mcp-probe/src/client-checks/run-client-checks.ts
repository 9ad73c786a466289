import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { ArchitectClient } from '../clients/architect-client.js';
import type { ClientOptions, SessionSource } from '../clients/base-client.js';
import { CodebaseIntelligenceClient } from '../clients/codebase-intelligence-client.js';
import { connectClientSession } from '../clients/connect.js';
import { ContractEngineClient } from '../clients/contract-engine-client.js';
import { staticCodebaseMap, staticContractScan } from '../clients/static-fallbacks.js';
import { sessionFromConnection } from '../clients/tool-session.js';
import { errorText, McpConnection } from '../connection.js';
import { ProbeUsageError } from '../errors.js';
import type { ResolvedServer } from '../mcp-config.js';
import { PROBE_OPENAPI, requirePrdText } from '../profiles/build1.js';
import { checkFallback, checkRetryBackoff, checkSafeDefaults, type ClientTrio, type RetryTarget } from './failure-checks.js';
import { checkArchitectMethods, checkCodebaseIntelligenceMethods, checkContractEngineMethods, CLIENT_CHECK_SERVICE } from './live-checks.js';
import { DOCUMENTED_SAFE_DEFAULTS } from './safe-defaults.js';

/** The three servers the client checks use, by their `.mcp.json` names. */
export const CLIENT_CHECK_SERVERS = ['contract-engine', 'codebase-intelligence', 'architect'] as const;
type ServerName = (typeof CLIENT_CHECK_SERVERS)[number];

/**
 * Every check id `runClientChecks` produces, in order. They exercise this
 * package's own typed clients against live servers, so they credit no seed
 * requirement: a stack's Build 2 clients are judged from its own traffic
 * (`judgeBuild2Clients`).
 */
export const CLIENT_CHECKS = [
  { id: 'clients.contract-engine.methods', requirementIds: [] },
  { id: 'clients.codebase-intelligence.methods', requirementIds: [] },
  { id: 'clients.codebase-intelligence.register-artifact', requirementIds: [] },
  { id: 'clients.architect.methods', requirementIds: [] },
  { id: 'clients.safe-defaults', requirementIds: [] },
  { id: 'clients.retry-backoff', requirementIds: [] },
  { id: 'clients.fallback.contract-engine', requirementIds: [] },
  { id: 'clients.fallback.codebase-intelligence', requirementIds: [] },
] as const;

/** How the clients under test are built (default: this package's classes); tests plant defective ones here. */
export interface ClientFactories {
  contractEngine: (source: SessionSource, options: ClientOptions) => ContractEngineClient;
  codebaseIntelligence: (source: SessionSource, options: ClientOptions) => CodebaseIntelligenceClient;
  architect: (source: SessionSource, options: ClientOptions) => ArchitectClient;
}

export interface ClientChecksOptions {
  /** From `loadMcpConfig`; must contain `contract-engine`, `codebase-intelligence` and `architect`. */
  servers: ResolvedServer[];
  /** Scratch directory (created if missing): the source file to register, a contract for the static scan. */
  workDir: string;
  /** PRD text of the stack under test for `decompose` (the file a stack profile names in `sample_app.prd`); missing or empty is a `ProbeUsageError`. */
  prdText: string;
  /** `startupMs`: handshake deadline per server (default 120 000); `callMs`: per tool call (default 30 000). */
  timeouts?: { startupMs?: number; callMs?: number };
  signal?: AbortSignal;
  onProgress?: (event: { type: 'check'; check: CheckRecord }) => void;
  /** The documented fallbacks (default `staticContractScan(workDir)` / `staticCodebaseMap(workDir)`). */
  fallbacks?: {
    contractScan?: (workDir: string, reason: string) => unknown;
    codebaseMap?: (workDir: string, reason: string) => unknown;
  };
  clients?: Partial<ClientFactories>;
}

const DEFAULT_FACTORIES: ClientFactories = {
  contractEngine: (s, o) => new ContractEngineClient(s, o),
  codebaseIntelligence: (s, o) => new CodebaseIntelligenceClient(s, o),
  architect: (s, o) => new ArchitectClient(s, o),
};

function trio(f: ClientFactories, source: (name: ServerName) => SessionSource, options: ClientOptions): ClientTrio {
  return {
    ce: f.contractEngine(source('contract-engine'), options),
    ci: f.codebaseIntelligence(source('codebase-intelligence'), options),
    ar: f.architect(source('architect'), options),
  };
}

function recordingSleep(): { sleep: (ms: number) => Promise<void>; sleptMs: number[] } {
  const sleptMs: number[] = [];
  return { sleptMs, sleep: async (ms) => void sleptMs.push(ms) };
}

async function waitClosed(conn: McpConnection, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!conn.closed && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return conn.closed;
}

/**
 * This package's own typed clients against live Build 1 servers, one stdio
 * session per server: every method of ContractEngineClient,
 * CodebaseIntelligenceClient and ArchitectClient, safe defaults with an
 * unstartable server, retries with 1 s / 2 s / 4 s over a killed server (the
 * sleep is recorded, not waited), and the static fallbacks when a server
 * cannot start. A library check of the clients and of the servers' answers:
 * it credits no seed requirement (M2 judges a stack's Build 2 from its own
 * traffic through the interposer, `judgeBuild2Clients`). Never throws for server trouble (that is a FAIL
 * record); throws `ProbeUsageError` (exit 2) when a server is missing from
 * the config, `workDir` is empty or no PRD text is given. Every session is
 * closed at the end.
 *
 * @example
 * const records = await runClientChecks({
 *   servers: loadMcpConfig('apps/foundation/.mcp.json'),
 *   workDir: mkdtempSync(join(tmpdir(), 'run4-clients-')),
 *   prdText: readFileSync(stackProfile.sample_app.prd, 'utf8'),
 * });
 */
export async function runClientChecks(options: ClientChecksOptions): Promise<CheckRecord[]> {
  const missing = CLIENT_CHECK_SERVERS.filter((n) => !options.servers.some((s) => s.name === n));
  if (missing.length > 0) {
    throw new ProbeUsageError(
      `runClientChecks needs the servers ${CLIENT_CHECK_SERVERS.join(', ')} in the MCP config; missing: ${missing.join(', ')} (configured: ${options.servers.map((s) => s.name).join(', ') || 'none'}). Add them to the .mcp.json.`,
    );
  }
  if (!options.workDir) throw new ProbeUsageError('runClientChecks: workDir is empty; pass a scratch directory the checks may write to.');
  const prdText = requirePrdText(options.prdText, 'runClientChecks');
  const workDir = options.workDir;
  mkdirSync(join(workDir, 'contracts'), { recursive: true });
  writeFileSync(join(workDir, 'contracts', `${CLIENT_CHECK_SERVICE}.openapi.json`), JSON.stringify(PROBE_OPENAPI, null, 2));
  const startupMs = options.timeouts?.startupMs ?? 120_000;
  const callMs = options.timeouts?.callMs ?? 30_000;
  const f: ClientFactories = { ...DEFAULT_FACTORIES, ...options.clients };
  const server = (n: ServerName) => options.servers.find((s) => s.name === n)!;
  const records: CheckRecord[] = [];
  const emit = (rec: CheckRecord) => {
    records.push(rec);
    options.onProgress?.({ type: 'check', check: rec });
  };
  const skipRest = () => {
    for (const c of CLIENT_CHECKS) {
      if (!records.some((r) => r.id === c.id)) emit(check(c.id, c.id, 'SKIP', 'aborted by the caller before this check ran', [...c.requirementIds]));
    }
  };
  const aborted = () => options.signal?.aborted ?? false;

  const live = new Map<ServerName, McpConnection>();
  const closers: Array<() => Promise<void>> = [];
  const open = async (n: ServerName): Promise<McpConnection | string> => {
    try {
      const conn = await McpConnection.open(server(n), { startupTimeoutMs: startupMs, signal: options.signal });
      live.set(n, conn);
      return conn;
    } catch (error) {
      return errorText(error);
    }
  };
  const failed = (ids: string[], why: string) => {
    for (const id of ids) emit(check(id, id, 'FAIL', why, [...CLIENT_CHECKS.find((c) => c.id === id)!.requirementIds]));
  };
  try {
    if (aborted()) return (skipRest(), records);
    // 1. every method against the live servers
    const ce = await open('contract-engine');
    if (typeof ce === 'string') failed(['clients.contract-engine.methods'], ce);
    else {
      const session = sessionFromConnection(ce, callMs);
      emit(await checkContractEngineMethods(session, f.contractEngine(session, {}), String(Date.now())));
    }
    if (aborted()) return (skipRest(), records);
    const ci = await open('codebase-intelligence');
    if (typeof ci === 'string') failed(['clients.codebase-intelligence.methods', 'clients.codebase-intelligence.register-artifact'], ci);
    else for (const r of await checkCodebaseIntelligenceMethods(f.codebaseIntelligence(sessionFromConnection(ci, callMs), {}), workDir)) emit(r);
    if (aborted()) return (skipRest(), records);
    const ar = await open('architect');
    if (typeof ar === 'string') failed(['clients.architect.methods'], ar);
    else emit(await checkArchitectMethods(f.architect(sessionFromConnection(ar, callMs), {}), prdText));
    if (aborted()) return (skipRest(), records);

    // 2. safe defaults: a server command that does not exist (non-transient: no retry)
    const unavailable = (n: ServerName): ResolvedServer => ({ name: n, transport: 'stdio', command: join(workDir, 'run4-no-such-mcp-server'), args: [], env: {}, cwd: workDir });
    const downSource = (n: ServerName) => {
      const c = connectClientSession(unavailable(n), { startupTimeoutMs: startupMs, callTimeoutMs: callMs });
      closers.push(c.close);
      return c.source;
    };
    const rec = recordingSleep();
    const setup = `server command ${join(workDir, 'run4-no-such-mcp-server')} does not exist`;
    emit(await checkSafeDefaults(trio(f, downSource, { sleep: rec.sleep }), rec.sleptMs, setup));
    if (aborted()) return (skipRest(), records);

    // 3. retries: each live server killed, so every call fails transiently
    const targets: RetryTarget[] = [];
    const notLive: string[] = [];
    const retryMethod = { 'contract-engine': 'get_contract', 'codebase-intelligence': 'find_definition', architect: 'get_service_map' } as const;
    for (const n of CLIENT_CHECK_SERVERS) {
      const conn = live.get(n);
      if (!conn) {
        notLive.push(`${n} did not start, so it could not be killed`);
        continue;
      }
      const pid = conn.pid;
      const broken = conn.kill('SIGKILL') ? `${n} pid ${pid} killed with SIGKILL` : (await conn.close(), `${n} session closed`);
      await waitClosed(conn, 5000);
      const s = recordingSleep();
      const session = sessionFromConnection(conn, Math.min(callMs, 5000));
      const clients = trio(f, () => session, { sleep: s.sleep });
      const method = DOCUMENTED_SAFE_DEFAULTS.find((m) => m.server === n && m.tool === retryMethod[n])!;
      targets.push({ server: n, client: n === 'contract-engine' ? clients.ce : n === 'codebase-intelligence' ? clients.ci : clients.ar, method, clients, sleptMs: s.sleptMs, broken });
    }
    emit(await checkRetryBackoff(targets, notLive));
    if (aborted()) return (skipRest(), records);

    // 4. fallbacks when the server cannot start
    const contractScan = options.fallbacks?.contractScan ?? ((dir: string) => staticContractScan(dir));
    const codebaseMap = options.fallbacks?.codebaseMap ?? ((dir: string) => staticCodebaseMap(dir));
    const quick = { sleep: recordingSleep().sleep };
    emit(
      await checkFallback({
        id: 'clients.fallback.contract-engine',
        name: 'Contract Engine unavailable: the static contract scan runs',
        requirementIds: [],
        client: f.contractEngine(downSource('contract-engine'), quick),
        callLabel: `getUnimplementedContracts('${CLIENT_CHECK_SERVICE}')`,
        call: (c) => c.getUnimplementedContracts(CLIENT_CHECK_SERVICE),
        fallbackName: options.fallbacks?.contractScan ? 'contractScan (caller-supplied)' : `staticContractScan(${workDir})`,
        fallback: (reason) => contractScan(workDir, reason),
        setup,
      }),
    );
    emit(
      await checkFallback({
        id: 'clients.fallback.codebase-intelligence',
        name: 'Codebase Intelligence unavailable: the static codebase map is generated',
        requirementIds: [],
        client: f.codebaseIntelligence(downSource('codebase-intelligence'), quick),
        callLabel: `getServiceInterface('${CLIENT_CHECK_SERVICE}')`,
        call: (c) => c.getServiceInterface(CLIENT_CHECK_SERVICE),
        fallbackName: options.fallbacks?.codebaseMap ? 'codebaseMap (caller-supplied)' : `staticCodebaseMap(${workDir})`,
        fallback: (reason) => codebaseMap(workDir, reason),
        setup,
      }),
    );
    return records;
  } finally {
    await Promise.all([...live.values()].map((c) => c.close()));
    await Promise.all(closers.map((c) => c()));
  }
}
