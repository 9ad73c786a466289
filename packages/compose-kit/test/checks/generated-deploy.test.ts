import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StackProfile } from '@run4/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { deployGeneratedTier, GENERATED_COMPOSE_FILE, stageDeploymentOptions, type Deployment } from '../../src/index.js';
import { fixtures, NEVER_HEALTHY_TIMEOUT_MS } from '../helpers.js';

const started: Deployment[] = [];
afterAll(async () => {
  for (const d of started) await d.down();
});

const profile = { services: { port: 8080, health_path: '/health', environment: {} }, compose: { tiers: {}, build_args: {} } } as unknown as StackProfile;
const built = (name: string, fixture: string, success = true) => ({ service_id: name, output_dir: path.join(fixtures, 'services', fixture), success });

function options(stage: string, results: ReturnType<typeof built>[], healthTimeoutS = 60) {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'ck-generated-'));
  const deployOptions = stageDeploymentOptions({ backend: 'process', compose_project_name: 'ck-gen-test', health_check_timeout_s: healthTimeoutS, health_check_interval_s: 0.1, required_consecutive_healthy: 1, workDir: outputDir }, stage);
  return { results, profile, outputDir, composeProjectName: 'ck-gen-test', deployOptions, onCreated: (d: Deployment) => void started.push(d) };
}

describe('deployGeneratedTier (process backend)', () => {
  it('generates and validates the compose file, merges the tiers, deploys the built services and PASSes them healthy (Traefik WARN: no live routing)', async () => {
    const o = options('gen-ok', [built('shelf-api', 'ok'), built('broken-api', 'ok', false)]);
    const out = await deployGeneratedTier(o);
    expect(existsSync(path.join(o.outputDir, GENERATED_COMPOSE_FILE))).toBe(true);
    expect(out.names).toEqual(['shelf-api']);
    expect(Object.fromEntries(out.checks.map((c) => [c.id, c.status]))).toEqual({
      'm4.compose.generation': 'PASS', 'm4.compose.merge': 'PASS', 'm4.compose.traefik-labels': 'WARN', 'm4.generated.deploy': 'PASS', 'm4.generated.health': 'PASS',
    });
    expect(out.urls['shelf-api']).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  }, 120_000);

  it('FAILs /health for a service that runs but never turns healthy, by name, and keeps it up for the gate', async () => {
    let live: string[] = [];
    const out = await deployGeneratedTier({ ...options('gen-sick', [built('sick-api', 'never-healthy')], NEVER_HEALTHY_TIMEOUT_MS / 1000), onDeployed: (l) => (live = Object.keys(l.urls)) });
    const health = out.checks.find((c) => c.id === 'm4.generated.health')!;
    expect(health.status).toBe('FAIL');
    expect(health.evidence).toMatch(/sick-api: HTTP 503/);
    expect(live).toEqual(['sick-api']);
  }, 120_000);

  it('FAILs the deploy of a service that crashes, by name', async () => {
    const out = await deployGeneratedTier(options('gen-crash', [built('crash-api', 'crash')], NEVER_HEALTHY_TIMEOUT_MS / 1000));
    const deploy = out.checks.find((c) => c.id === 'm4.generated.deploy')!;
    expect(deploy.status).toBe('FAIL');
    expect(deploy.evidence).toContain('crash-api');
  }, 120_000);

  it('FAILs with nothing to deploy when no builder succeeded', async () => {
    const out = await deployGeneratedTier({ ...options('gen-none', [built('a', 'ok', false)]), onCreated: () => expect.unreachable() });
    expect(out.checks).toMatchObject([{ id: 'm4.generated.deploy', status: 'FAIL', evidence: 'no builder succeeded: nothing to deploy' }]);
  });
});
