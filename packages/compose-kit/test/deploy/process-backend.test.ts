import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeployment, type Deployment, DeployError } from '../../src/index.js';
import { alive, caught, fixtures, NEVER_HEALTHY_TIMEOUT_MS, waitFor } from '../helpers.js';

const stack = (name: string) => path.join(fixtures, 'compose', `${name}.yml`);
let current: Deployment | undefined;
afterEach(async () => {
  await current?.down();
  current = undefined;
});

describe('process backend', () => {
  it('runs each Dockerfile CMD on a loopback port, rewrites service URLs and waits for health', async () => {
    current = await createDeployment({ backend: 'process', files: [stack('fixture-stack')], healthIntervalMs: 100 });
    const report = await current.up();
    expect(report.backend).toBe('process');
    expect(report.backendReason).toContain('process');
    expect(report.services.map((s) => [s.name, s.healthy])).toEqual([['store', true], ['api', true]]);
    expect(report.skipped).toEqual([{ service: 'cache', reason: expect.stringContaining('image-only') }]);
    const api = report.services.find((s) => s.name === 'api')!;
    expect(api.healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/health$/);
    // PEER_URL was http://store:8080/health: rewritten to store's loopback port
    const peer = (await (await fetch(`${api.url}/peer`)).json()) as { peer: string; status: number };
    expect(peer.status).toBe(200);
    expect(peer.peer).toBe(report.services.find((s) => s.name === 'store')!.healthUrl);
    const exec = await current.exec('api', ['node', '-e', 'console.log(process.env.PORT)']);
    expect(exec.stdout.trim()).toBe(String(api.hostPort));
    const pids = (await current.ps()).map((p) => Number(p.id));
    await current.down();
    expect(pids.filter(alive)).toEqual([]);
    expect(current.report().tornDown).toBe(true);
  });

  it('fails a never-healthy service by name with its last log lines, and tears everything down', async () => {
    current = await createDeployment({ backend: 'process', files: [stack('failing-stack')], healthIntervalMs: 100, healthTimeoutMs: NEVER_HEALTHY_TIMEOUT_MS });
    const error = await caught<DeployError>(() => current!.up());
    expect(error).toBeInstanceOf(DeployError);
    expect(error.services).toEqual(['sick']);
    expect(error.message).toContain('sick');
    expect(error.logs.sick).toContain('-> 503');
    const report = current.report();
    expect(report.tornDown).toBe(true);
    expect(report.services.map((s) => Number(s.id)).filter(alive)).toEqual([]);
  });

  it('with allowUnhealthy keeps a running but never-healthy service up, reported unhealthy and reachable', async () => {
    current = await createDeployment({ backend: 'process', files: [stack('failing-stack')], healthIntervalMs: 100, healthTimeoutMs: NEVER_HEALTHY_TIMEOUT_MS, allowUnhealthy: true });
    const report = await current.up();
    const sick = report.services.find((s) => s.name === 'sick')!;
    expect(sick.healthy).toBe(false);
    expect(report.tornDown).toBe(false);
    expect(alive(Number(sick.id))).toBe(true);
    const status = () => fetch(`${sick.url}/anything`).then((r) => r.status, () => 0);
    await waitFor(async () => (await status()) !== 0, 'the sick service to answer').catch(() => undefined);
    expect(await status()).toBe(503);
    await current.down();
    expect(alive(Number(sick.id))).toBe(false);
  });

  it('fails fast when a service exits, with its output', async () => {
    // A health timeout far beyond the test's own timeout: only failing fast on the exit can end up() in time.
    current = await createDeployment({ backend: 'process', files: [stack('crashing-stack')], healthIntervalMs: 100, healthTimeoutMs: 3_600_000 });
    const error = await caught<DeployError>(() => current!.up());
    expect(error.message).toMatch(/crasher \(exit 3\) exited before becoming healthy/);
    expect(error.logs.crasher).toContain('FATAL cannot open /data/db.sqlite');
  });
});
