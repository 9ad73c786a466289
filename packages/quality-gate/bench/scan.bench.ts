/**
 * Layer 3 + Layer 4 scan throughput on a generated ~50K-LOC multi-service tree, against secretlint's
 * recommended preset for the secrets codes on the same tree. Each measurement runs in its own process
 * (peak RSS per tool); the best of RUNS is reported. Goal: whole L3+L4 under 10 s on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { generateTree } from './generate-tree.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = mkdtempSync(join(tmpdir(), 'run4-qg-bench-'));
interface Run { mode: string; ms: number; cpuMs: number; files: number; findings: number; maxRssMb: number }

async function measure(mode: string, services: string[]): Promise<Run> {
  let best: Run | undefined;
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await execa('node', ['--import', 'tsx', join(import.meta.dirname, 'run-one.ts'), mode, root, JSON.stringify(services)], {
      timeout: 300_000,
      cwd: join(import.meta.dirname, '..'),
    });
    const run = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Run;
    if (!best || run.ms < best.ms) best = run;
  }
  return best as Run;
}

try {
  const tree = generateTree(root, 50_000);
  const mb = tree.bytes / 1024 / 1024;
  console.log(`tree: ${tree.files} files, ${tree.loc} LOC, ${mb.toFixed(2)} MB, ${tree.services.length} services; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; best of ${RUNS}`);
  const rows: [string, Run][] = [];
  for (const mode of ['l3l4', 'l3', 'l4', 'l3-secrets', 'secretlint']) rows.push([mode, await measure(mode, tree.services)]);
  console.log('\n| scan | wall s | CPU s | files/s | MB/s | findings | peak RSS MB |\n|---|---|---|---|---|---|---|');
  for (const [mode, r] of rows) {
    const s = r.ms / 1000;
    console.log(`| ${mode} | ${s.toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${(tree.files / s).toFixed(0)} | ${(mb / s).toFixed(2)} | ${r.findings} | ${r.maxRssMb.toFixed(0)} |`);
  }
  const get = (m: string) => rows.find(([k]) => k === m)?.[1] as Run;
  const ratio = get('secretlint').ms / get('l3-secrets').ms;
  console.log(`\nsecrets: run4 L3 (12 SEC-SECRET codes) is ${ratio.toFixed(2)}x the speed of secretlint preset-recommend on the same tree`);
  const total = get('l3l4').ms / 1000;
  console.log(`goal L3+L4 < 10 s for ${tree.loc} LOC: ${total.toFixed(2)} s wall (${(get('l3l4').cpuMs / 1000).toFixed(2)} s CPU) → ${total < 10 ? 'MET' : 'NOT MET'}; load average now ${loadavg()[0]?.toFixed(1)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
