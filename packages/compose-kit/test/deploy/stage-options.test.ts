import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedUrls, stageDeploymentOptions } from '../../src/index.js';

const settings = { backend: 'process', compose_project_name: 'run4', health_check_timeout_s: 90, health_check_interval_s: 0.1, required_consecutive_healthy: 2, workDir: '/tmp/w' } as const;

describe('stageDeploymentOptions', () => {
  it('gives each stage its own project and work dir, ephemeral ports, the run\'s health settings (interval at least 250 ms) and prefixed progress', () => {
    const lines: string[] = [];
    const o = stageDeploymentOptions({ ...settings, onProgress: (l) => lines.push(l) }, 'build1');
    expect(o).toMatchObject({ backend: 'process', projectName: 'run4-build1', healthTimeoutMs: 90_000, healthIntervalMs: 250, requiredConsecutive: 2, hostPorts: 'ephemeral', workDir: path.join('/tmp/w', 'deploy-build1'), handleSignals: false });
    expect(stageDeploymentOptions({ ...settings, health_check_interval_s: 2 }, 'x').healthIntervalMs).toBe(2000);
    o.onProgress!('up');
    expect(lines).toEqual(['[build1] up']);
  });
});

describe('deployedUrls', () => {
  it('maps each service with a URL, leaving out the ones without', () => {
    expect(deployedUrls({ services: [{ name: 'a', url: 'http://127.0.0.1:1' }, { name: 'b' }] })).toEqual({ a: 'http://127.0.0.1:1' });
    expect(deployedUrls(undefined)).toEqual({});
  });
});
