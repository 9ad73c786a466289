import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactPresence, scoreSystem } from '../src/index.js';

describe('artifactPresence', () => {
  it('lists which required artifacts exist, feeding the Documentation category', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scoring-art-'));
    try {
      await writeFile(join(dir, 'README.md'), '# x\n');
      const artifacts = await artifactPresence(dir, ['README.md', 'Dockerfile']);
      expect(artifacts).toEqual({ required: ['README.md', 'Dockerfile'], present: ['README.md'] });
      expect(scoreSystem('build2', [], { artifacts }).categories.find((c) => c.name === 'Documentation')?.points).toBe(2.5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
