import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeployError, createDeployment, type Deployment, type DeployAttempt, deployForChecks, interContainerDnsCheck, servicesHttpHealthCheck, servicesUpCheck, teardownCheck,
} from '../../src/index.js';
import { dockerAvailableOrExplain, fixtures, NEVER_HEALTHY_TIMEOUT_MS } from '../helpers.js';

const mini = path.join(fixtures, 'compose', 'mini-build1.yml');
const meta = { id: 't.up', name: 'up', requirementIds: ['B1-01'] };
const haveDocker = await dockerAvailableOrExplain('docker phase-check tests');

describe('deploy checks on the process backend', () => {
  let attempt: DeployAttempt;
  beforeAll(async () => {
    attempt = await deployForChecks(await createDeployment({ backend: 'process', files: [mini], healthIntervalMs: 100 }));
  });
  afterAll(async () => attempt?.deployment.down());

  it('PASS: both services healthy per ps and over HTTP, with the backend named', async () => {
    const up = await servicesUpCheck(attempt, ['architect', 'contract-engine'], meta);
    expect(up).toMatchObject({ status: 'PASS', requirementIds: ['B1-01'] });
    expect(up.evidence).toMatch(/^\[process\] 2\/2 healthy/);
    const http = await servicesHttpHealthCheck(attempt, ['architect', 'contract-engine'], { ...meta, id: 't.http' });
    expect(http.status).toBe('PASS');
    expect(Object.keys(http.data!.response_times_ms as object)).toEqual(['architect', 'contract-engine']);
  });

  it('FAIL: a service that is not deployed', async () => {
    const rec = await servicesUpCheck(attempt, ['architect', 'codebase-intelligence'], meta);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('codebase-intelligence');
    expect((await servicesHttpHealthCheck(attempt, ['codebase-intelligence'], meta)).status).toBe('FAIL');
  });

  it('SKIP on the process backend: there is no container DNS to exercise, and the record says so', async () => {
    const rec = await interContainerDnsCheck(attempt, dns);
    expect(rec).toMatchObject({ status: 'SKIP', requirementIds: ['B1-20'] });
    expect(rec.evidence).toContain('no container DNS');
  });
});

/** B1-20 as the reference stack's profile states it. */
const dns = { from: 'architect', to: 'contract-engine', port: 8000, path: '/api/health' };

describe('deploy checks with planted defects', () => {
  it('FAIL when the deploy failed, carrying the failing service and its logs', async () => {
    const attempt = await deployForChecks(await createDeployment({ backend: 'process', files: [path.join(fixtures, 'compose', 'failing-stack.yml')], healthIntervalMs: 100, healthTimeoutMs: NEVER_HEALTHY_TIMEOUT_MS }));
    expect(attempt.error).toBeInstanceOf(DeployError);
    const rec = await servicesUpCheck(attempt, ['good', 'sick'], meta);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('sick');
    expect(rec.evidence).toContain('-> 503');
  });

  it('FAIL when a service is still running after teardown (a backend whose down does nothing)', async () => {
    const sleeper = execa('node', ['-e', 'setTimeout(() => {}, 60000)'], { reject: false });
    const broken: Deployment = {
      backend: 'process', projectName: 'broken', up: async () => { throw new Error('unused'); },
      ps: async () => [{ name: 'leaky', state: 'running', healthy: true, id: String(sleeper.pid) }],
      logs: async () => '', exec: async () => ({ exitCode: 1, stdout: '', stderr: '' }), down: async () => undefined,
      report: () => { throw new Error('unused'); },
    };
    try {
      const rec = await teardownCheck(broken);
      expect(rec.status).toBe('FAIL');
      expect(rec.evidence).toContain(`leaky (pid ${sleeper.pid})`);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe.skipIf(!haveDocker)('deploy checks on the docker backend', () => {
  let attempt: DeployAttempt;
  beforeAll(async () => {
    attempt = await deployForChecks(await createDeployment({ backend: 'docker', files: [mini], healthIntervalMs: 300, projectName: `ck-phase-${process.pid}` }));
  }, 240_000);
  afterAll(async () => attempt?.deployment.down(), 120_000);

  it('PASS: the architect container fetches contract-engine by service name; FAIL for a name that does not exist', async () => {
    expect(attempt.error).toBeUndefined();
    const rec = await interContainerDnsCheck(attempt, dns);
    expect(rec).toMatchObject({ status: 'PASS', requirementIds: ['B1-20'] });
    expect(rec.evidence).toContain('http://contract-engine:8000/api/health');
    const bad = await interContainerDnsCheck(attempt, { ...dns, to: 'contract-engine-missing' });
    expect(bad.status).toBe('FAIL');
    expect(bad.evidence).toMatch(/ENOTFOUND|EAI_AGAIN/);
  }, 120_000); // two `docker exec` of node in a container: well over 30 s on busy cores

  it('teardown PASS leaves no container, network or volume; FAIL when a labelled container survives', async () => {
    expect((await teardownCheck(attempt.deployment)).status).toBe('PASS');
    const project = `ck-leak-${process.pid}`;
    await execa('docker', ['run', '-d', '--label', `com.docker.compose.project=${project}`, 'run4/node:20-offline', 'node', '-e', 'setTimeout(()=>{},60000)']);
    const fake = { backend: 'docker', projectName: project, ps: async () => [], down: async () => undefined } as unknown as Deployment;
    try {
      const rec = await teardownCheck(fake);
      expect(rec.status).toBe('FAIL');
      expect(rec.evidence).toContain('containers');
    } finally {
      const ids = (await execa('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`])).stdout.split('\n').filter(Boolean);
      if (ids.length > 0) await execa('docker', ['rm', '-f', ...ids]);
    }
  }, 120_000);
});
