import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDockerDir, tierFiles } from '../../src/index.js';
import { dockerDir, here } from '../helpers.js';

describe('tierFiles', () => {
  it('returns the tiers in the seed merge order whatever order they are asked in', () => {
    const files = tierFiles({ dockerDir: '/d', generatedFile: '/out/docker-compose.generated.yml', tiers: ['run4', 'generated', 'infra', 'traefik', 'build1'] });
    expect(files).toEqual(['/d/docker-compose.infra.yml', '/d/docker-compose.build1.yml', '/out/docker-compose.generated.yml', '/d/docker-compose.traefik.yml', '/d/docker-compose.run4.yml']);
  });

  it('takes the files a stack profile names, in merge order, and leaves out the tiers it does not name', () => {
    const files = tierFiles({ files: { build1: '/s/b1.yml', infra: '/s/infra.yml' }, generatedFile: '/out/g.yml', tiers: ['infra', 'build1', 'generated', 'traefik'] });
    expect(files).toEqual(['/s/infra.yml', '/s/b1.yml', '/out/g.yml']);
  });

  it('finds the repo docker/ dir from a nested directory', () => {
    expect(findDockerDir(here)).toBe(dockerDir);
    expect(findDockerDir(path.parse(here).root)).toBeUndefined();
  });
});
