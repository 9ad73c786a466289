// Benchmark: three builders in parallel (runBuilders, maxConcurrent 3) versus
// the slowest of the same three run one at a time, measured in the same run.
// Goal (issue 6): parallel <= 1.2 x slowest single.
//
// Builders measured:
//   - "fixture-io": test/fixtures/good-builder.mjs sleeping 1500 ms, a stand-in
//     for a real agent_team builder that mostly waits on its model;
//   - "reference": apps/builder/dist/cli.js (the reference Build 2) on the three
//     TaskTracker services, when it has been built.
// Run: npx nx run builder-runner:bench  (builds dist first)
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBuilderDir, runBuilder, runBuilders, tasktrackerServices } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
const services = tasktrackerServices(join(repo, 'fixtures/tasktracker'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const referenceCli = join(repo, 'apps/builder/dist/cli.js');

const suites = [
  {
    name: 'fixture-io (sleep 1500 ms)',
    command: [process.execPath, join(here, '../test/fixtures/good-builder.mjs'), '--cwd', '{dir}', '--depth', '{depth}', '--sleep', '1500'],
  },
];
if (existsSync(referenceCli)) suites.push({ name: 'reference builder (apps/builder)', command: [process.execPath, referenceCli, '--cwd', '{dir}', '--depth', '{depth}'] });
else console.log(`note: ${referenceCli} not built; measuring the fixture builder only`);

/** CPU seconds (user + system) of this process's reaped descendants, from /proc/self/stat (cutime + cstime). */
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}
const cores = availableParallelism();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function stage(root) {
  const dirs = [];
  for (const s of services) {
    const dir = join(root, s.name);
    await prepareBuilderDir(dir, s, 'standard');
    dirs.push(dir);
  }
  return dirs;
}

const rows = [];
for (const suite of suites) {
  const ratios = [];
  const slowests = [];
  const parallels = [];
  const cpus = [];
  for (let round = 0; round < rounds; round += 1) {
    const root = await mkdtemp(join(tmpdir(), 'br-bench-'));
    try {
      const singleDirs = await stage(join(root, 'single'));
      const singles = [];
      for (const [i, s] of services.entries()) {
        const t0 = performance.now();
        const r = await runBuilder({ service_id: s.name, dir: singleDirs[i], depth: 'standard' }, { command: suite.command, timeoutMs: 300_000 });
        singles.push(performance.now() - t0);
        if (!r.success) throw new Error(`${suite.name}: ${s.name} failed: ${r.error}`);
      }
      const parDirs = await stage(join(root, 'parallel'));
      const cpu0 = childCpuSeconds();
      const t0 = performance.now();
      const fleet = await runBuilders(
        services.map((s, i) => ({ service_id: s.name, dir: parDirs[i], depth: 'standard' })),
        { command: suite.command, maxConcurrent: 3, timeoutMs: 300_000 },
      );
      const parallel = performance.now() - t0;
      cpus.push(childCpuSeconds() - cpu0);
      if (fleet.failed > 0) throw new Error(`${suite.name}: ${fleet.failed} parallel builders failed: ${fleet.results.map((r) => r.error).join('; ')}`);
      const slowest = Math.max(...singles);
      slowests.push(slowest);
      parallels.push(parallel);
      ratios.push(parallel / slowest);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  const cpuMs = median(cpus) * 1000;
  // With `cores` CPUs, three builders needing cpuMs of CPU in total cannot finish faster than cpuMs / cores.
  const floor = Math.max(1, cpuMs / cores / median(slowests));
  rows.push({ suite: suite.name, slowestSingleMs: median(slowests), parallel3Ms: median(parallels), ratio: median(ratios), cpuMs, floor });
}

console.log(`\nthree builders in parallel vs the slowest single one (median of ${rounds} rounds, ${services.map((s) => s.name).join(', ')})`);
console.log(`machine: ${cores} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| builder | slowest single (ms) | 3 in parallel (ms) | ratio | goal <= 1.2 | CPU of the 3 (ms) | CPU-bound floor |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.suite} | ${r.slowestSingleMs.toFixed(0)} | ${r.parallel3Ms.toFixed(0)} | ${r.ratio.toFixed(2)}x | ${r.ratio <= 1.2 ? 'met' : 'NOT met'} | ${r.cpuMs.toFixed(0)} | ${r.floor.toFixed(2)}x |`,
  );
}
console.log('CPU-bound floor = max(1, CPU time of the three / CPUs / slowest single): the best ratio any runner can reach on this machine.');
