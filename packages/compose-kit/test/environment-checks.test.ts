import { describe, expect, it } from 'vitest';
import { checkDockerEngine, checkNodeVersion } from '../src/index.js';

const id = { id: 'env', requirementIds: ['R4-M1-001'] };
const compose = { file: 'docker', args: ['compose'], version: 'v2' as const, versionText: '2.29.1' };

describe('environment checks', () => {
  it('Node: PASS from 20.19 on, FAIL below, naming the fix', async () => {
    expect((await checkNodeVersion(id, '20.19.0')).status).toBe('PASS');
    expect((await checkNodeVersion(id, '22.1.0')).status).toBe('PASS');
    const old = await checkNodeVersion(id, '20.18.1');
    expect(old.status).toBe('FAIL');
    expect(old.evidence).toContain('need >= 20.19');
    expect(old).toMatchObject(id);
  });

  it('Docker: PASS with engine and compose, WARN without them, FAIL only when the docker backend is demanded', async () => {
    expect((await checkDockerEngine({ available: true, serverVersion: '27.1.1', compose }, 'docker', id)).status).toBe('PASS');
    const none = { available: false, reason: 'no socket at /var/run/docker.sock' };
    const warn = await checkDockerEngine(none, 'auto', id);
    expect(warn.status).toBe('WARN');
    expect(warn.evidence).toBe('no socket at /var/run/docker.sock; the process backend will deploy');
    const fail = await checkDockerEngine({ available: true, serverVersion: '27.1.1' }, 'docker', id);
    expect(fail.status).toBe('FAIL');
    expect(fail.evidence).toContain('deploy backend is docker but no compose');
  });
});
