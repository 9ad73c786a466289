import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeployment, type Deployment, DeployError, findComposeCommand, teardownCheck } from '../../src/index.js';
import { caught, dockerAvailableOrExplain, fixtures, waitFor } from '../helpers.js';

const stack = (name: string) => path.join(fixtures, 'compose', `${name}.yml`);
const haveDocker = await dockerAvailableOrExplain('docker backend tests');
const composeV1 = haveDocker ? await findComposeCommand('v1') : undefined;
if (haveDocker && !composeV1) {
  if (process.env.CI) throw new Error('CI is set but docker-compose (v1) is not installed: tools/docker-engine.sh installs it');
  console.warn('[compose-kit tests] skipping the compose v1 test: docker-compose (v1) is not installed (outside CI)');
}

async function leftovers(project: string): Promise<string> {
  const label = `label=com.docker.compose.project=${project}`;
  const ps = await execa('docker', ['ps', '-a', '-q', '--filter', label]);
  const nets = await execa('docker', ['network', 'ls', '-q', '--filter', label]);
  const vols = await execa('docker', ['volume', 'ls', '-q', '--filter', label]);
  return `${ps.stdout}${nets.stdout}${vols.stdout}`.trim();
}

let current: Deployment | undefined;
afterEach(async () => {
  await current?.down();
  current = undefined;
});

describe.skipIf(!haveDocker)('docker backend (real engine)', () => {
  it('builds, starts and health-waits a stack; services reach each other by name; down leaves nothing', async () => {
    current = await createDeployment({ backend: 'docker', files: [stack('fixture-stack')], healthIntervalMs: 300, projectName: `ck-ok-${process.pid}` });
    const report = await current.up();
    expect(report.backend).toBe('docker');
    expect(report.composeCommand).toMatch(/compose/);
    expect(report.skipped).toEqual([{ service: 'cache', reason: expect.stringContaining('not present locally') }]);
    expect((await current.ps()).map((p) => [p.name, p.state]).sort()).toEqual([['api', 'healthy'], ['store', 'healthy']]);
    const res = await fetch(report.services.find((s) => s.name === 'api')!.url!.concat('/peer'));
    expect(await res.json()).toEqual({ peer: 'http://store:8080/health', status: 200 });
    const byName = await current.exec('api', ['node', '-e', "fetch('http://store:8080/health').then(r=>console.log(r.status))"]);
    expect(byName.stdout.trim()).toBe('200');
    const teardown = await teardownCheck(current);
    expect(teardown.status).toBe('PASS');
    expect(await leftovers(current.projectName)).toBe('');
  }, 240_000);

  it('fails a never-healthy service by name with its logs and leaves nothing behind', async () => {
    current = await createDeployment({ backend: 'docker', files: [stack('failing-stack')], healthIntervalMs: 300, healthTimeoutMs: 60_000, projectName: `ck-sick-${process.pid}` });
    const error = await caught<DeployError>(() => current!.up());
    expect(error).toBeInstanceOf(DeployError);
    expect(error.backend).toBe('docker');
    expect(error.services).toEqual(['sick']);
    expect(error.logs.sick).toContain('-> 503');
    expect(await leftovers(current.projectName)).toBe('');
  }, 240_000);

  it('with allowUnhealthy keeps an unhealthy container running and reachable, then tears it down', async () => {
    current = await createDeployment({ backend: 'docker', files: [stack('failing-stack')], healthIntervalMs: 300, healthTimeoutMs: 30_000, hostPorts: 'ephemeral', allowUnhealthy: true, projectName: `ck-keep-${process.pid}` });
    const report = await current.up();
    const sick = report.services.find((s) => s.name === 'sick')!;
    expect(sick.healthy).toBe(false);
    // Docker marks the container unhealthy after its own retries: wait for that state, then assert it.
    const sickState = async () => (await current!.ps()).find((p) => p.name === 'sick')?.state;
    await waitFor(async () => (await sickState()) === 'unhealthy', 'docker to mark sick unhealthy', 60_000).catch(() => undefined);
    expect(await sickState()).toBe('unhealthy');
    expect((await fetch(`${sick.url}/anything`)).status).toBe(503);
    await current.down();
    expect(await leftovers(current.projectName)).toBe('');
  }, 240_000);

  it('with allowUnhealthy keeps a container still in its health start period when the wait ends, reachable by URL', async () => {
    current = await createDeployment({ backend: 'docker', files: [stack('starting-stack')], healthIntervalMs: 300, healthTimeoutMs: 3000, hostPorts: 'ephemeral', allowUnhealthy: true, projectName: `ck-start-${process.pid}` });
    const report = await current.up();
    const sick = report.services.find((s) => s.name === 'sick')!;
    expect(sick.healthy).toBe(false);
    expect(sick.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await current.ps()).find((p) => p.name === 'sick')?.state).toBe('starting');
    expect((await fetch(`${sick.url}/anything`)).status).toBe(503);
    await current.down();
    expect(await leftovers(current.projectName)).toBe('');
  }, 240_000);

  it('names the unhealthy dependency, not the service that waited for it', async () => {
    current = await createDeployment({ backend: 'docker', files: [stack('failing-dependency-stack')], healthIntervalMs: 300, healthTimeoutMs: 60_000, projectName: `ck-dep-${process.pid}` });
    const error = await caught<DeployError>(() => current!.up());
    expect(error.services).toEqual(['sick']);
    expect(error.logs.sick).toContain('-> 503');
    expect(await leftovers(current.projectName)).toBe('');
  }, 240_000);
});

describe.skipIf(!composeV1)('docker backend with compose v1 (docker-compose)', () => {
  it('deploys, reaches a service by name and tears down with the v1 binary', async () => {
    current = await createDeployment({ backend: 'docker', compose: 'v1', files: [stack('fixture-stack')], healthIntervalMs: 300, projectName: `ckv1${process.pid}` });
    const report = await current.up();
    expect(report.composeCommand).toMatch(/^docker-compose \(v1 /);
    expect((await current.ps()).map((p) => p.state)).toEqual(['healthy', 'healthy']);
    expect((await current.exec('api', ['node', '-e', "fetch('http://store:8080/health').then(r=>console.log(r.status))"])).stdout.trim()).toBe('200');
    expect(await current.logs('store', 5)).toContain('listening on 8080');
    expect((await teardownCheck(current)).status).toBe('PASS');
    expect(await leftovers(current.projectName)).toBe('');
  }, 240_000);
});
