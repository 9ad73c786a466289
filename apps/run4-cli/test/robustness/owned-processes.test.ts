import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OwnedFileSchema, OwnedProcesses } from '../../src/state/owned-processes.js';
import { listeningSockets, processesInGroup, run4, tmp, waitFor } from './helpers.js';

const helper = path.join(__dirname, 'fixtures', 'deploy-and-wait.ts');

/** Deploy the fixture stack from a child process that records owned.json, and wait until it is up. */
async function deployInChild(outDir: string) {
  const child = execa('node', ['--conditions=@run4/source', '--import', 'tsx', helper, outDir], { reject: false, cwd: path.resolve(__dirname, '../..') });
  const pids = await new Promise<number[]>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { pids: number[] }).pids);
    });
    void child.then((r) => reject(new Error(`deploy helper exited early (${r.exitCode}): ${r.stderr}`)));
  });
  return { child, pids };
}

describe('a run owns what it starts (owned.json)', () => {
  it('after kill -9 of the deploying process, "run4 clean" reaps every recorded process group and nothing else', async () => {
    const out = tmp();
    const bystander = execa('node', ['-e', 'setInterval(() => undefined, 1000)'], { detached: true, reject: false });
    const { child, pids } = await deployInChild(out);
    try {
      const ledger = OwnedFileSchema.parse(JSON.parse(readFileSync(path.join(out, 'owned.json'), 'utf8')));
      const pgids = ledger.entries.flatMap((e) => (e.kind === 'process-group' && e.pgid ? [e.pgid] : []));
      expect(pgids.sort()).toEqual([...pids].sort());
      // each service and its helper child
      await waitFor(() => pgids.every((g) => processesInGroup(g).length === 2), 'both processes of each service group');

      child.kill('SIGKILL');
      await child;
      // the defect: the groups outlive the killed run
      expect(pgids.flatMap(processesInGroup).length).toBe(4);

      const r = await run4(['--output-dir', out, 'clean'], out);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('reaped 4 process(es)');
      await waitFor(() => pgids.flatMap(processesInGroup).length === 0, 'the reaped groups to be gone', 30_000);
      expect(pgids.flatMap(processesInGroup)).toEqual([]);
      expect(processesInGroup(bystander.pid!)).toEqual([bystander.pid]);
      expect(new OwnedProcesses(out).read()).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      bystander.kill('SIGKILL');
      for (const g of pids) for (const p of processesInGroup(g)) process.kill(p, 'SIGKILL');
    }
  }, 300_000);

  it('the next run4 command that runs milestones in that output dir reaps them first (here one that then stops on a missing prerequisite)', async () => {
    const out = tmp();
    const { child, pids } = await deployInChild(out);
    try {
      child.kill('SIGKILL');
      await child;
      expect(pids.flatMap(processesInGroup).length).toBe(4);
      const r = await run4(['--output-dir', out, 'milestone', 'm2'], out);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain('reaped 4 process(es)');
      await waitFor(() => pids.flatMap(processesInGroup).length === 0, 'the reaped groups to be gone', 30_000);
    } finally {
      child.kill('SIGKILL');
      for (const g of pids) for (const p of processesInGroup(g)) process.kill(p, 'SIGKILL');
    }
  }, 300_000);

  it('never signals a process that reuses a recorded pid: identity (start time) and token must match', async () => {
    const out = tmp();
    const stranger = execa('node', ['-e', 'setInterval(() => undefined, 1000)'], { detached: true, reject: false });
    try {
      const ledger = new OwnedProcesses(out);
      // a record from a dead run whose leader pid is now the stranger's, with another start time and token
      ledger.record({ kind: 'spawned', project: 'p', service: 's', token: 'a'.repeat(32), argv: ['node'], cwd: out, pid: stranger.pid!, pgid: stranger.pid! });
      const file = path.join(out, 'owned.json');
      const data = OwnedFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      const entry = data.entries[0]!;
      if (entry.kind !== 'process-group' || !entry.leader) throw new Error('expected a process-group entry');
      entry.leader.start_ticks -= 1;
      entry.owner = { pid: 999_999_999, start_ticks: 1, boot_id: entry.owner.boot_id };
      (await import('node:fs')).writeFileSync(file, JSON.stringify(data));
      const report = await ledger.reap({ graceMs: 1000 });
      expect(report.killed).toEqual([]);
      expect(report.gone).toBe(1);
      expect(processesInGroup(stranger.pid!)).toEqual([stranger.pid]);
    } finally {
      stranger.kill('SIGKILL');
    }
  }, 60_000);
});

describe('the process backend binds services to loopback', () => {
  it('services whose Dockerfile says HOST=0.0.0.0 listen on 127.0.0.1 only', async () => {
    const out = tmp();
    const { child, pids } = await deployInChild(out);
    try {
      const sockets = listeningSockets(pids.flatMap(processesInGroup));
      expect(sockets.length).toBe(2);
      for (const s of sockets) expect(s).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      child.kill('SIGKILL');
      await child;
      await new OwnedProcesses(out).reap({ graceMs: 2000 });
      expect(existsSync(path.join(out, 'owned.json'))).toBe(true);
    }
  }, 300_000);
});
