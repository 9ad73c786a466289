// Benchmark (Nx target `bench`): deploy-to-healthy time of the six reference
// services per backend, and the cost of our compose validation against
// `docker compose config` on the same files. Peers are measured in the same run.
//   node --import tsx bench/deploy-bench.ts [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { createDeployment, detectEngine, ephemeralPorts, imagePresent, loadComposeStack, withoutServices, writeComposeFile } from '../src/index.js';
import { ensureReferenceBuilds, generateTaskTracker, SIX } from '../test/e2e/reference-stack.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

async function deployTimes(backend: 'docker' | 'process', files: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const d = await createDeployment({ backend, files, services: SIX, hostPorts: 'ephemeral', healthTimeoutMs: 600_000, healthIntervalMs: 250, requiredConsecutive: 1, projectName: `ck-bench-${backend}-${i}` });
    try {
      const t0 = performance.now();
      await d.up();
      times.push(performance.now() - t0);
    } finally {
      await d.down();
    }
  }
  return times;
}

/**
 * Peer: testcontainers' DockerComposeEnvironment (12.0.1, settings of STACK.md)
 * on the same merged model (unavailable images dropped, ports ephemeral),
 * waiting for every container's health check; built images removed after
 * each run like the kit's `down --rmi local`.
 */
async function testcontainersTimes(files: string[], dir: string): Promise<number[]> {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE = 'localhost';
  const { DockerComposeEnvironment, Wait } = await import('testcontainers');
  const merged = loadComposeStack(files, { projectName: 'ck-bench-tc' });
  const missing = new Set<string>();
  for (const [name, svc] of Object.entries(merged.model.services ?? {})) if (!svc.build && svc.image && !(await imagePresent(svc.image))) missing.add(name);
  const model = ephemeralPorts(withoutServices(merged.model, missing));
  const file = writeComposeFile(path.join(dir, 'tc', 'docker-compose.yml'), model);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const project = `ck-bench-tc-${i}`;
    let env = new DockerComposeEnvironment(path.dirname(file), 'docker-compose.yml').withProjectName(project).withBuild();
    for (const svc of SIX) env = env.withWaitStrategy(`${svc}-1`, Wait.forHealthCheck());
    const t0 = performance.now();
    const started = await env.up(SIX);
    times.push(performance.now() - t0);
    await started.down({ removeVolumes: true });
    await execa('docker', ['compose', '-p', project, '-f', file, 'down', '--volumes', '--rmi', 'local'], { reject: false });
  }
  return times;
}

async function main(): Promise<void> {
  await ensureReferenceBuilds();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ck-bench-'));
  try {
    const { files } = await generateTaskTracker(dir);
    const engine = await detectEngine();
    console.log(`compose-kit bench — ${runs} run(s) each, node ${process.version}, ${os.cpus().length} cores; engine: ${engine.available ? `docker ${engine.serverVersion}, compose ${engine.compose?.version} ${engine.compose?.versionText}` : engine.reason}`);

    console.log('\n1) deploy-to-healthy, six services (3 foundation + 3 generated TaskTracker), 1 x HTTP 200 each');
    const proc = await deployTimes('process', files);
    console.log(`   process backend: median ${fmt(median(proc))}  (runs: ${proc.map(fmt).join(', ')})`);
    if (engine.available) {
      const dock = await deployTimes('docker', files);
      console.log(`   docker backend (image build from the cached offline base + start + health): median ${fmt(median(dock))}  (runs: ${dock.map(fmt).join(', ')})`);
      console.log(`   ratio docker / process: ${(median(dock) / median(proc)).toFixed(1)}x`);
      if (engine.compose?.version === 'v2') {
        const tc = await testcontainersTimes(files, dir);
        console.log(`   peer testcontainers DockerComposeEnvironment (same model, health-check waits): median ${fmt(median(tc))}  (runs: ${tc.map(fmt).join(', ')})`);
        console.log(`   ratio kit docker backend / testcontainers: ${(median(dock) / median(tc)).toFixed(2)}`);
      }
    } else {
      console.log('   docker backend: not measured (no engine answers)');
    }

    console.log(`\n2) validation of the same ${files.length} files (schema per file + merge + interpolation + semantic checks)`);
    const n = 20;
    const ours: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      loadComposeStack(files, { projectName: 'bench' });
      ours.push(performance.now() - t0);
    }
    console.log(`   @run4/compose-kit loadComposeStack: median ${fmt(median(ours))} (first call incl. schema compile ${fmt(ours[0]!)})`);
    if (engine.available && engine.compose) {
      const peer: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await execa(engine.compose.file, [...engine.compose.args, '-p', 'bench', ...files.flatMap((f) => ['-f', f]), 'config', '-q'], { reject: false });
        peer.push(performance.now() - t0);
        if (r.exitCode !== 0) throw new Error(`docker compose config failed: ${r.stderr}`);
      }
      console.log(`   docker compose config -q (peer, subprocess): median ${fmt(median(peer))}`);
      console.log(`   ratio ours / peer: ${(median(ours) / median(peer)).toFixed(3)} (peer is ${(median(peer) / median(ours)).toFixed(1)}x slower)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
