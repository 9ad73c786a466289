import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSnapshots, snapshotDir } from '../src/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('snapshotDir / diffSnapshots', () => {
  it('finds added, changed (same size) and removed files', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'a'), { recursive: true });
    await writeFile(join(root, 'a', 'keep.txt'), 'same');
    await writeFile(join(root, 'a', 'edit.txt'), 'abcd');
    await writeFile(join(root, 'gone.txt'), 'x');
    const before = await snapshotDir(root);
    await writeFile(join(root, 'a', 'edit.txt'), 'wxyz');
    await writeFile(join(root, 'new.txt'), 'n');
    await rm(join(root, 'gone.txt'));
    expect(diffSnapshots(before, await snapshotDir(root))).toEqual({ added: ['new.txt'], changed: ['a/edit.txt'], removed: ['gone.txt'] });
  });
});
