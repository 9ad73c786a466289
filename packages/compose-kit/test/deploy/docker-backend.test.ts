import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeployment, type Deployment, DeployError, teardownCheck } from '../../src/index.js';
import { caught, dockerAvailableOrExplain, fixtures } from '../helpers.js';

const stack = (name: string) => path.join(fixtures, 'compose', `${name}.yml`);
const haveDocker = await dockerAvailableOrExplain('docker backend tests');

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
});
