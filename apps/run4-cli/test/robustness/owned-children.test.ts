import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OwnedFileSchema, OwnedProcesses } from '../../src/state/owned-processes.js';
import { procStat } from '../../src/state/proc-table.js';
import { run4, tmp, waitFor } from './helpers.js';

const helper = path.join(__dirname, 'fixtures', 'spawn-tree.ts');

/** pid + start time: the census compares identities, so a pid reused meanwhile is not mistaken for a survivor. */
const identity = (pid: number) => ({ pid, start: procStat(pid)?.startTicks ?? -1 });
const alive = (ids: { pid: number; start: number }[]) => ids.filter((id) => procStat(id.pid)?.startTicks === id.start);

const recordedPids = (out: string): number[] => {
  const file = path.join(out, 'owned.json');
  if (!existsSync(file)) return [];
  return OwnedFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).entries.flatMap((e) => (e.kind === 'process' ? [e.process.pid] : []));
};

describe('a run owns every process it starts, whoever spawns it (owned.json)', () => {
  it('after kill -9 of the recording process, "run4 clean" reaps its children and grandchildren (in their group, in a session of their own, with or without its environment) and nothing else', async () => {
    const out = tmp();
    const bystander = execa(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { detached: true, reject: false });
    const child = execa('node', ['--conditions=@run4/source', '--import', 'tsx', helper, out], { reject: false, cwd: path.resolve(__dirname, '../..') });
    let tree: { pid: number; start: number }[] = [];
    try {
      const { children, grandchildren } = await new Promise<{ children: number[]; grandchildren: number[] }>((resolve, reject) => {
        let buffer = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const line = buffer.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve(JSON.parse(line) as { children: number[]; grandchildren: number[] });
        });
        void child.then((r) => reject(new Error(`spawn-tree helper exited early (${r.exitCode}): ${r.stderr}`)));
      });
      tree = [...children, ...grandchildren].map(identity);
      expect(tree.every((id) => id.start >= 0)).toBe(true);
      // every child is recorded when spawned; the grandchild that left both group and environment only by the census
      await waitFor(() => grandchildren.every((g) => recordedPids(out).includes(g)), 'the census to record every grandchild', 60_000);

      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      // the defect this guards against: the whole tree outlives the killed run
      expect(alive(tree)).toHaveLength(7);

      const r = await run4(['--output-dir', out, 'clean'], out);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('reaped 7 process(es)');
      await waitFor(() => alive(tree).length === 0, 'the reaped tree to be gone', 30_000);
      expect(alive(tree)).toEqual([]);
      expect(procStat(bystander.pid!)).not.toBeNull();
      expect(new OwnedProcesses(out).read()).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      bystander.kill('SIGKILL');
      for (const id of alive(tree)) process.kill(id.pid, 'SIGKILL');
    }
  }, 300_000);

  it('the run token stays recorded while the run records (a child yet to start may inherit it) and goes at the end when nothing carries it', () => {
    const ledger = new OwnedProcesses(tmp());
    ledger.recordRunToken('t'.repeat(32));
    ledger.prune();
    expect(ledger.read().map((e) => e.kind)).toEqual(['run-token']);
    ledger.prune({ final: true });
    expect(ledger.read()).toEqual([]);
  });

  it('a process that merely reuses a recorded pid, or shares a recorded group id after the group emptied, is never signalled', async () => {
    const out = tmp();
    const stranger = execa(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { detached: true, reject: false });
    try {
      const ledger = new OwnedProcesses(out);
      ledger.recordProcesses([{ pid: stranger.pid!, via: 'spawned', argv: ['node'], cwd: out }]);
      const file = path.join(out, 'owned.json');
      const data = OwnedFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      const entry = data.entries[0]!;
      if (entry.kind !== 'process') throw new Error('expected a process entry');
      // recorded by a dead run, when that pid (and group id) named another process
      entry.process.start_ticks -= 1;
      entry.owner = { pid: 999_999_999, start_ticks: 1, boot_id: entry.owner.boot_id };
      (await import('node:fs')).writeFileSync(file, JSON.stringify(data));
      const report = await ledger.reap({ graceMs: 1000 });
      expect(report.killed).toEqual([]);
      expect(procStat(stranger.pid!)).not.toBeNull();
      expect(ledger.read()).toEqual([]);
    } finally {
      stranger.kill('SIGKILL');
    }
  }, 60_000);
});
