// Benchmark: the full Build 1 probe's wall time, and the per-call overhead of
// one probe session against spawning `npx @modelcontextprotocol/inspector --cli`
// per call (the peer), for the same tool calls against the reference foundation.
// Run: npx nx run mcp-probe:bench   (needs apps/foundation/dist: nx run foundation:build)
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadMcpConfig, McpConnection, probeServers, type ResolvedServer } from '../src/index.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const MCP_JSON = join(ROOT, 'apps/foundation/.mcp.json');
if (!existsSync(join(ROOT, 'apps/foundation/dist/contract-engine/mcp.js'))) {
  console.error(`bench needs the reference foundation built: cd ${ROOT} && NX_DAEMON=false NX_NO_CLOUD=true npx nx run foundation:build`);
  process.exit(1);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dataDir = mkdtempSync(join(tmpdir(), 'run4-bench-'));
// Snapshot the foundation's dist and .mcp.json so a rebuild during the run cannot change what is measured.
const snapshot = join(dataDir, 'foundation');
cpSync(join(ROOT, 'apps/foundation/dist'), join(snapshot, 'dist'), { recursive: true });
cpSync(MCP_JSON, join(snapshot, '.mcp.json'));
const SNAPSHOT_MCP_JSON = join(snapshot, '.mcp.json');
const servers = loadMcpConfig(SNAPSHOT_MCP_JSON, process.env, { serverEnv: { RUN4_DATA_DIR: dataDir } });
const byName = (n: string) => servers.find((s) => s.name === n)! as Extract<ResolvedServer, { transport: 'stdio' }>;

// The same read-only calls for both contenders: one per tool, flat string/number arguments only.
const CALLS: Array<{ server: string; tool: string; args: Record<string, string | number> }> = [
  { server: 'architect', tool: 'get_service_map', args: {} },
  { server: 'architect', tool: 'get_domain_model', args: {} },
  { server: 'contract-engine', tool: 'list_contracts', args: { page: 1, page_size: 10 } },
  { server: 'contract-engine', tool: 'get_unimplemented_contracts', args: {} },
  { server: 'codebase-intelligence', tool: 'find_definition', args: { symbol: 'ConnectionPool' } },
  { server: 'codebase-intelligence', tool: 'check_dead_code', args: {} },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let callOnlyMs = 0;
async function probeSessionCalls(): Promise<number> {
  const started = performance.now();
  callOnlyMs = 0;
  const conns = new Map<string, McpConnection>();
  try {
    for (const c of CALLS) {
      let conn = conns.get(c.server);
      if (!conn) conns.set(c.server, (conn = await McpConnection.open(byName(c.server), { startupTimeoutMs: 30_000 })));
      const out = await conn.callTool(c.tool, c.args, 30_000);
      callOnlyMs += out.ms;
      if (out.kind !== 'result' || out.result.isError) throw new Error(`${c.tool} failed in the probe session`);
    }
  } finally {
    await Promise.all([...conns.values()].map((c) => c.close()));
  }
  return performance.now() - started;
}

async function inspectorCalls(): Promise<number> {
  const started = performance.now();
  for (const c of CALLS) {
    const s = byName(c.server);
    const env = Object.entries(s.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const args = Object.entries(c.args).flatMap(([k, v]) => ['--tool-arg', `${k}=${v}`]);
    // npx runs from the repo root (where the inspector is installed); server paths are made absolute
    const serverArgs = s.args.map((a) => (existsSync(join(s.cwd, a)) ? join(s.cwd, a) : a));
    const { stdout } = await run('npx', ['--no-install', '@modelcontextprotocol/inspector', '--cli', ...env, s.command, ...serverArgs, '--method', 'tools/call', '--tool-name', c.tool, ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    if (!stdout.includes('"content"') || stdout.includes('"isError": true')) throw new Error(`${c.tool} failed via inspector: ${stdout.slice(0, 200)}`);
  }
  return performance.now() - started;
}

try {
  const wall: number[] = [];
  let checks = 0;
  let failed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const roundDir = mkdtempSync(join(dataDir, 'probe-'));
    const t0 = performance.now();
    const report = await probeServers({ servers: loadMcpConfig(SNAPSHOT_MCP_JSON, process.env, { serverEnv: { RUN4_DATA_DIR: roundDir } }), profile: 'build1', crossServer: false });
    wall.push(performance.now() - t0);
    checks = report.checks.length;
    failed = report.summary.failed;
  }
  console.log(`full Build 1 probe (3 servers, 20 tools, ${checks} checks, ${failed} failed): median ${(median(wall) / 1000).toFixed(2)} s over ${ROUNDS} runs [${wall.map((w) => (w / 1000).toFixed(2)).join(', ')}] — goal < 15 s`);

  await probeSessionCalls(); // warm-up (file cache, SQLite files created)
  const probe: number[] = [];
  const probeCallOnly: number[] = [];
  const insp: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    probe.push(await probeSessionCalls());
    probeCallOnly.push(callOnlyMs);
    insp.push(await inspectorCalls());
  }
  const n = CALLS.length;
  const p = median(probe) / n;
  const q = median(insp) / n;
  console.log(`per call, ${n} calls on 3 servers (sessions opened included):`);
  console.log(`  @run4/mcp-probe, one session per server:          ${p.toFixed(1)} ms/call`);
  console.log(`  npx @modelcontextprotocol/inspector@0.15.0 --cli:  ${q.toFixed(1)} ms/call (one process per call)`);
  console.log(`  ratio: inspector / probe = ${(q / p).toFixed(1)}x`);
  console.log(`  (inside an open probe session a call itself takes ${(median(probeCallOnly) / n).toFixed(1)} ms; ratio ${(q / (median(probeCallOnly) / n)).toFixed(0)}x)`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
