// Benchmark: per-call cost of a tool call made through the interposer (`run4 interpose`,
// recording a trace) against a direct stdio session to the same server (the peer), in the
// same run: rounds alternate between the two so machine load hits both alike.
// Run: npx nx run mcp-probe:bench   (or: node --conditions=@run4/source --import tsx bench/interposer-bench.ts)
//   BENCH_CALLS (default 500 per round), BENCH_ROUNDS (default 3)
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readTrace } from '../src/index.js';

const PKG = resolve(import.meta.dirname, '..');
const SERVER = [process.execPath, join(PKG, 'test/interposer/fixtures/tiny-server.mjs')];
const ENTRY = join(PKG, 'test/interposer/fixtures/interpose-entry.ts');
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = 50;
const dir = mkdtempSync(join(tmpdir(), 'run4-interposer-bench-'));

interface Contender {
  name: string;
  command: string;
  args: (round: number) => string[];
}
const contenders: Contender[] = [
  { name: 'direct stdio session (peer)', command: SERVER[0]!, args: () => SERVER.slice(1) },
  {
    name: 'through the interposer (trace with bodies)',
    command: process.execPath,
    args: (round) => ['--conditions=@run4/source', '--import', 'tsx', ENTRY, '--trace', join(dir, `trace-${round}.jsonl`), '--', ...SERVER],
  },
];

/** CPU time (user + system) a process has used so far, ms (Linux /proc; 10 ms ticks). */
function cpuMs(pid: number | null): number {
  if (!pid) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14, 15) at 100 ticks/s
  } catch {
    return Number.NaN;
  }
}

async function measure(c: Contender, round: number): Promise<{ msPerCall: number; cpuMsPerCall: number }> {
  const transport = new StdioClientTransport({ command: c.command, args: c.args(round), cwd: PKG, stderr: 'ignore' });
  const client = new Client({ name: 'interposer-bench', version: '0.0.1' });
  await client.connect(transport, { timeout: 120_000 });
  try {
    for (let i = 0; i < WARMUP; i++) await client.callTool({ name: 'echo', arguments: { text: `w${i}` } });
    const cpu0 = cpuMs(transport.pid);
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) await client.callTool({ name: 'echo', arguments: { text: `c${i}` } });
    const msPerCall = (performance.now() - t0) / CALLS;
    return { msPerCall, cpuMsPerCall: (cpuMs(transport.pid) - cpu0) / CALLS };
  } finally {
    await client.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perCall: number[][] = contenders.map(() => []);
const cpuPerCall: number[][] = contenders.map(() => []);
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order each round so neither contender always runs first.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const m = await measure(contenders[i]!, round);
      perCall[i]!.push(m.msPerCall);
      cpuPerCall[i]!.push(m.cpuMsPerCall);
    }
  }
  const trace = readTrace(join(dir, 'trace-0.jsonl'));
  const direct = median(perCall[0]!);
  const interposed = median(perCall[1]!);
  // Paired by round: each round's difference, then the median of those.
  const added = median(perCall[1]!.map((x, r) => x - perCall[0]![r]!));
  const interposerCpu = median(cpuPerCall[1]!);
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');
  console.log(`interposer per-call overhead: ${CALLS} sequential echo calls per round, ${ROUNDS} rounds (median), ${WARMUP} warm-up calls each`);
  console.log(`  ${contenders[0]!.name}: ${direct.toFixed(3)} ms/call   [${fmt(perCall[0]!)}]`);
  console.log(`  ${contenders[1]!.name}: ${interposed.toFixed(3)} ms/call   [${fmt(perCall[1]!)}]`);
  console.log(`  added by the interposer (median of per-round differences): ${added.toFixed(3)} ms/call — goal < 1 ms: ${added < 1 ? 'met' : 'NOT met'}`);
  console.log(`  CPU time of the interposer process itself (node + tsx, user + sys): ${interposerCpu.toFixed(3)} ms/call (2 messages + 2 trace entries per call)`);
  console.log(`  ratio interposed / direct: ${(interposed / direct).toFixed(2)}x`);
  console.log(`  trace of round 1: ${trace.length} entries, ${(statSync(join(dir, 'trace-0.jsonl')).size / 1024).toFixed(0)} KiB`);
  process.exitCode = added < 1 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
