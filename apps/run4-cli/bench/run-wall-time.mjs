// Benchmark: wall time of `run4 run` on the embedded default, per backend,
// with the time of each milestone; peer measured in the same run: the same
// six milestones run one after another (`run4 milestone m1` … `m6`, as a
// sequential pipeline would), so the ratio shows what running M2 ∥ M3 in one
// process buys. Goals (issue): under 60 s with the process backend, under
// 90 s with docker, on 2 cores.
//   node apps/run4-cli/bench/run-wall-time.mjs [--backends process,docker]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const arg = process.argv.indexOf('--backends');
let backends = arg > 0 ? process.argv[arg + 1].split(',') : ['process', 'docker'];
const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
if (engine.status !== 0 && backends.includes('docker')) {
  console.log('docker: no engine answers here; the docker backend is not measured (run tools/docker-engine.sh)');
  backends = backends.filter((b) => b !== 'docker');
}

function timed(args, cwd) {
  const t0 = performance.now();
  const r = spawnSync('node', [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t0, code: r.status };
}

function milestoneTimes(cwd) {
  const state = JSON.parse(readFileSync(path.join(cwd, '.run4', 'RUN4_STATE.json'), 'utf8'));
  return [1, 2, 3, 4, 5, 6].map((n) => (state.milestone_artifacts[`m${n}`]?.duration_ms ?? NaN) / 1000);
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
for (const backend of backends) {
  const runDir = mkdtempSync(path.join(tmpdir(), `run4-bench-run-${backend}-`));
  const run = timed(['run', '--backend', backend], runDir);
  const perMilestone = milestoneTimes(runDir);
  const seqDir = mkdtempSync(path.join(tmpdir(), `run4-bench-seq-${backend}-`));
  let seqMs = 0;
  let seqCode = 0;
  for (const m of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) {
    const r = timed(['milestone', m, '--backend', backend], seqDir);
    seqMs += r.ms;
    seqCode ||= r.code ?? 1;
  }
  const goal = backend === 'process' ? 60_000 : 90_000;
  console.log(`\n${backend} backend`);
  console.log(`  run4 run (M2 ∥ M3 in one process): ${s(run.ms)} (exit ${run.code}); goal ${s(goal)}: ${run.ms <= goal ? 'met' : 'MISSED'}`);
  console.log(`  per milestone: ${perMilestone.map((t, i) => `M${i + 1} ${t.toFixed(1)} s`).join(', ')}`);
  console.log(`  peer, milestones one after another: ${s(seqMs)} (exit ${seqCode})`);
  console.log(`  ratio run / sequential: ${(run.ms / seqMs).toFixed(2)}`);
}
console.log(`\nmachine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
