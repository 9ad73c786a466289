// Runnable example: stage the three TaskTracker builder dirs, run three
// builders in parallel (at most 3 at once, 60 s timeout each), print live
// progress and the fleet result. Uses the reference builder when built,
// otherwise the package's fixture builder.
//   npx nx run builder-runner:build && node packages/builder-runner/examples/run-three-builders.mjs
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBuilderDir, runBuilders, tasktrackerServices } from '../dist/index.js';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const reference = join(repo, 'apps/builder/dist/cli.js');
const command = existsSync(reference)
  ? [process.execPath, reference, '--cwd', '{dir}', '--depth', '{depth}']
  : [process.execPath, join(repo, 'packages/builder-runner/test/fixtures/good-builder.mjs'), '--cwd', '{dir}', '--depth', '{depth}', '--sleep', '500'];

const root = await mkdtemp(join(tmpdir(), 'builders-'));
const services = tasktrackerServices(join(repo, 'fixtures/tasktracker'));
for (const s of services) await prepareBuilderDir(join(root, s.name), s, 'standard');

const controller = new AbortController();
process.once('SIGINT', () => controller.abort()); // Ctrl+C kills every builder's process group

const fleet = await runBuilders(
  services.map((s) => ({ service_id: s.name, dir: join(root, s.name), depth: 'standard' })),
  {
    command,
    maxConcurrent: 3,
    timeoutMs: 60_000,
    signal: controller.signal,
    onProgress: (e) =>
      console.log(e.type === 'started' ? `▶ ${e.service_id} started` : `■ ${e.service_id} ${e.result.success ? 'ok' : `FAILED (${e.result.failure})`} in ${e.result.duration_ms} ms`),
  },
);
for (const r of fleet.results) console.log(`${r.service_id}: tests ${r.test_passed}/${r.test_total}, cost ${r.cost}, dir ${r.output_dir}${r.error ? `, error: ${r.error}` : ''}`);
console.log(`${fleet.succeeded}/${fleet.total} succeeded in ${fleet.duration_ms} ms (peak ${fleet.peak_concurrency} at once)`);
process.exitCode = fleet.failed === 0 ? 0 : 1;
