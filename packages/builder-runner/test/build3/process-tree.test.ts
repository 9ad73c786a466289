import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessGroupAlive, terminateProcessGroup } from '@run4/checks';
import { afterAll, describe, expect, it } from 'vitest';
import { liveProcessGroups } from '../../src/build3/process-tree.js';
import { descendantGroups } from '../../src/index.js';
import { removeTempDirs, tempDir, waitFor } from '../helpers.js';

const groups: number[] = [];
afterAll(async () => {
  await Promise.all(groups.map((g) => terminateProcessGroup(g, 2000)));
  await removeTempDirs();
});

// Starts one child in its own group and one in the parent's, writes "detachedPid sameGroupPid" to $PIDS, then sleeps.
const PARENT = `
const { spawn } = require('node:child_process');
const sleep = ['-e', 'setInterval(() => {}, 1000)'];
const a = spawn(process.execPath, sleep, { detached: true, stdio: 'ignore' });
const b = spawn(process.execPath, sleep, { stdio: 'ignore' });
require('node:fs').writeFileSync(process.env.PIDS + '.tmp', a.pid + ' ' + b.pid);
require('node:fs').renameSync(process.env.PIDS + '.tmp', process.env.PIDS);
setInterval(() => {}, 1000);
`;

describe('descendantGroups, liveProcessGroups', () => {
  it('finds the groups of every descendant: its own and one a child started for itself', async () => {
    const pids = join(await tempDir('b3-tree-'), 'pids');
    const parent = spawn(process.execPath, ['-e', PARENT], { detached: true, stdio: 'ignore', env: { ...process.env, PIDS: pids } });
    const parentPid = parent.pid!;
    groups.push(parentPid);
    await waitFor(() => existsSync(pids), 'the parent to start its children');
    const [detached] = readFileSync(pids, 'utf8').split(' ').map(Number);
    groups.push(detached!);
    expect(descendantGroups(parentPid).sort((x, y) => x - y)).toEqual([parentPid, detached!].sort((x, y) => x - y));
    expect(descendantGroups(detached!)).toEqual([]); // a leaf
    expect([parentPid, detached!].filter((g) => liveProcessGroups()?.has(g))).toEqual([parentPid, detached!]);
    // what it found is what runBuild3 ends
    await Promise.all([terminateProcessGroup(parentPid, 2000), terminateProcessGroup(detached!, 2000)]);
    expect(isProcessGroupAlive(detached!)).toBe(false);
    expect(descendantGroups(parentPid)).toEqual([]);
    // an emptied group is no longer live (its number may be reused by a stranger)
    expect([parentPid, detached!].filter((g) => liveProcessGroups()?.has(g))).toEqual([]);
  });

  it('is empty for a pid that does not exist', () => {
    expect(descendantGroups(2 ** 22 + 1)).toEqual([]);
  });
});
