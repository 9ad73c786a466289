import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { execa } from 'execa';
import { generateComposeFile, tierFiles } from '../../src/index.js';
import { dockerDir, repoRoot } from '../helpers.js';

/** The reference stack's Build 1 services (its compose tier). */
export const BUILD1_SERVICES = ['architect', 'contract-engine', 'codebase-intelligence'] as const;
export const GENERATED = ['auth-service', 'order-service', 'notification-service'] as const;
export const SIX = [...BUILD1_SERVICES, ...GENERATED];

/** Build apps/foundation and apps/builder with Nx when their dist is missing. */
export async function ensureReferenceBuilds(): Promise<void> {
  const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
  if (!existsSync(path.join(repoRoot, 'apps/foundation/dist/architect/http.js'))) {
    await execa('npx', ['nx', 'run', 'foundation:build', '--output-style=static'], { cwd: repoRoot, env, timeout: 600_000 });
  }
  if (!existsSync(path.join(repoRoot, 'apps/builder/dist/cli.js'))) {
    await execa('npx', ['nx', 'run', 'builder:build', '--output-style=static'], { cwd: repoRoot, env, timeout: 600_000 });
  }
}

const FOUNDATION = path.join(repoRoot, 'apps/foundation');
const ENTRIES = ['architect', 'contract-engine', 'codebase-intelligence'].map((s) => `dist/${s}/http.js`);

/**
 * Copy apps/foundation's build context (dist/, Dockerfiles, .dockerignore) to
 * `dir`, so a concurrent `nx run foundation:build` (which cleans dist/) cannot
 * pull files from under a running docker build; returns an override compose
 * file pointing the three Build 1 services at the snapshot. Retries while
 * dist/ is incomplete.
 */
export async function snapshotFoundation(dir: string): Promise<string> {
  const snap = path.join(dir, 'foundation');
  for (let attempt = 0; attempt < 30; attempt++) {
    const complete = () => ENTRIES.every((e) => existsSync(path.join(FOUNDATION, e)));
    if (complete()) {
      try {
        cpSync(path.join(FOUNDATION, 'dist'), path.join(snap, 'dist'), { recursive: true });
        for (const f of readdirSync(FOUNDATION).filter((n) => n.startsWith('Dockerfile') || n === '.dockerignore')) copyFileSync(path.join(FOUNDATION, f), path.join(snap, f));
        if (complete() && ENTRIES.every((e) => existsSync(path.join(snap, e)))) break;
      } catch {
        // dist/ changed while copying: try again
      }
    }
    await sleep(2000);
  }
  if (!ENTRIES.every((e) => existsSync(path.join(snap, e)))) throw new Error(`apps/foundation/dist stayed incomplete (${ENTRIES.join(', ')}): run nx run foundation:build`);
  const override = path.join(dir, 'docker-compose.foundation-snapshot.yml');
  writeFileSync(override, `services:\n${['architect', 'contract-engine', 'codebase-intelligence'].map((s) => `  ${s}:\n    build:\n      context: ${snap}\n`).join('')}`);
  return override;
}

/**
 * Generate the three TaskTracker services with the reference builder (the
 * Build 2 contract: config.yaml + contracts/ in, service + STATE.json out),
 * then docker-compose.generated.yml for them. Returns the compose files of
 * the six-service stack, in merge order.
 */
export async function generateTaskTracker(dir: string, plant: Partial<Record<(typeof GENERATED)[number], string>> = {}): Promise<{ files: string[]; generatedFile: string }> {
  const tasktracker = path.join(repoRoot, 'fixtures/tasktracker');
  for (const svc of GENERATED) {
    const short = svc.replace('-service', '');
    const out = path.join(dir, svc);
    mkdirSync(path.join(out, 'contracts'), { recursive: true });
    copyFileSync(path.join(tasktracker, `sample_openapi_${short}.yaml`), path.join(out, 'contracts/openapi.yaml'));
    const async = short === 'order' && existsSync(path.join(tasktracker, 'sample_asyncapi_order.yaml'));
    if (async) copyFileSync(path.join(tasktracker, 'sample_asyncapi_order.yaml'), path.join(out, 'contracts/asyncapi.yaml'));
    writeFileSync(path.join(out, 'config.yaml'), [
      'depth: thorough', 'service:', `  name: ${svc}`, '  port: 8080', 'contracts:', '  openapi: contracts/openapi.yaml',
      ...(async ? ['  asyncapi: contracts/asyncapi.yaml'] : []), '',
    ].join('\n'));
    await execa('node', [path.join(repoRoot, 'apps/builder/dist/cli.js'), '--cwd', out, '--depth', 'thorough', ...(plant[svc] ? ['--plant', plant[svc]] : [])], { timeout: 120_000 });
  }
  const generatedFile = generateComposeFile(
    GENERATED.map((s) => ({ service_id: s, output_dir: path.join(dir, s), success: true, depends_on: {} })),
    path.join(dir, 'docker-compose.generated.yml'),
    { buildArgs: { NODE_IMAGE: '${NODE_IMAGE:-run4/node:20-offline}' } },
  );
  const snapshot = await snapshotFoundation(dir);
  return { files: [...tierFiles({ dockerDir, generatedFile, tiers: ['infra', 'build1', 'generated', 'run4', 'test'] }), snapshot], generatedFile };
}
