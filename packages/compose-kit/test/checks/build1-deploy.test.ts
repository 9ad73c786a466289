import os from 'node:os';
import path from 'node:path';
import type { StackProfile } from '@run4/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { deployBuild1, stageDeploymentOptions, type Deployment } from '../../src/index.js';
import { fixtures } from '../helpers.js';

const started: Deployment[] = [];
afterAll(async () => {
  for (const d of started) await d.down();
});

const http = (service: string) => ({ service, port: 8000, health_path: '/api/health' });
const profile = (roles: StackProfile['build1']['roles']) => ({ build1: { project_root: '.', mcp_config: '.mcp.json', roles }, compose: { tiers: { build1: path.join(fixtures, 'compose', 'mini-build1.yml') }, build_args: {} } }) as unknown as StackProfile;
const deployOptions = stageDeploymentOptions({ backend: 'process', compose_project_name: 'ck-build1-test', health_check_timeout_s: 60, health_check_interval_s: 0.1, required_consecutive_healthy: 1, workDir: path.join(os.tmpdir(), 'ck-build1-test') }, 'build1');

describe('deployBuild1 (process backend)', () => {
  it('PASSes a Build 1 whose role APIs come up healthy, FAILs the gate for a role without an HTTP API, and records B1-20 as SKIP without container DNS', async () => {
    const created: string[] = [];
    const out = await deployBuild1({
      profile: profile({ architect: { mcp_server: 'architect', http: http('architect') }, contract_engine: { mcp_server: 'contract-engine', http: http('contract-engine') }, codebase_intelligence: { mcp_server: 'ci' } }),
      profilePath: 'stack.yaml',
      deployOptions,
      probeImage: 'node:20',
      onCreated: (d, services) => {
        started.push(d);
        created.push(...services);
      },
    });
    expect(created).toEqual(['architect', 'contract-engine']);
    expect(Object.fromEntries(out.checks.map((c) => [c.id, c.status]))).toEqual({ 'm4.build1.deploy': 'PASS', 'm4.build1.health': 'PASS', 'm4.build1.roles': 'FAIL', 'm4.build1.inter-container-dns': 'SKIP' });
    expect(out.checks.find((c) => c.id === 'm4.build1.roles')!.evidence).toContain('codebase_intelligence');
    expect(out.gateFailed).toBe('Build 1 not healthy: m4.build1.roles');
    expect(Object.keys(out.live!.urls).sort()).toEqual(['architect', 'contract-engine']);
  }, 120_000);

  it('FAILs without deploying anything when the profile gives no Build 1 HTTP API, naming the profile', async () => {
    const out = await deployBuild1({ profile: profile({ architect: { mcp_server: 'architect' } }), profilePath: 'stack.yaml', deployOptions, probeImage: 'node:20', onCreated: () => expect.unreachable() });
    expect(out.checks).toMatchObject([{ id: 'm4.build1.deploy', status: 'FAIL' }]);
    expect(out.gateFailed).toMatch(/no Build 1 HTTP API .* in stack\.yaml/);
    expect(out.live).toBeUndefined();
  });
});
