import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendantsOf, procArgv, procStat, procTable } from '../../src/state/proc-table.js';
import { cli, processesUnder, run4, tmp, waitFor } from './helpers.js';

const root = path.resolve(__dirname, '../../../..');
const builder = path.join(__dirname, 'fixtures', 'lingering-builder.mjs');

const alive = <T extends { pid: number; start: number }>(ids: T[]) => ids.filter((id) => procStat(id.pid)?.startTicks === id.start);

describe('kill -9 of a real run, then "run4 clean"', () => {
  it('mid-M3, with a builder whose work started a process in its group and a daemon in its own session: clean leaves nothing of the run', async () => {
    const cwd = tmp();
    const out = path.join(cwd, 'out');
    // the reference stack, with a builder that never finishes (a config override, as a user would write it)
    writeFileSync(
      path.join(cwd, 'run4.config.yaml'),
      [
        `stack_profile: ${path.join(root, 'fixtures/tasktracker/run4.stack.yaml')}`,
        `builder_command: node ${builder} --cwd {dir} --depth {depth}`,
        `output_dir: ${out}`,
        '',
      ].join('\n'),
    );
    const run = execa('node', [cli, '--config', 'run4.config.yaml', 'run', '--backend', 'process'], { cwd, reject: false, env: { CI: '' }, stdio: 'ignore' });
    let tree: { pid: number; start: number; argv: string }[] = [];
    try {
      // the condition, not a clock: a builder is running and its two processes exist
      const builderWithChildren = () => {
        const table = procTable();
        const under = descendantsOf(run.pid!, table);
        const b = under.find((p) => procArgv(p.pid).includes(builder));
        return b !== undefined && table.filter((p) => p.ppid === b.pid).length >= 2;
      };
      await waitFor(() => builderWithChildren() || run.exitCode !== null, 'a builder of M3 and its two processes', 400_000);
      expect(run.exitCode, 'the run ended before M3 started its builders').toBeNull();
      tree = descendantsOf(run.pid!, procTable()).map((p) => ({ pid: p.pid, start: p.startTicks, argv: procArgv(p.pid).join(' ') }));

      run.kill('SIGKILL');
      await new Promise((resolve) => run.once('exit', resolve));
      // the defect this guards against: the builder and what it started outlive the killed run
      await waitFor(() => alive(tree).length > 0, 'the census after the kill');
      expect(alive(tree).filter((p) => p.argv.includes(builder)).length, JSON.stringify(tree)).toBeGreaterThanOrEqual(1);
      expect(processesUnder(cwd).length).toBeGreaterThanOrEqual(3);

      const r = await run4(['--output-dir', out, 'clean'], cwd);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/reaped [1-9]\d* process\(es\)/);
      await waitFor(() => alive(tree).length === 0 && processesUnder(cwd).length === 0, 'nothing of the run to be left', 30_000).catch(() => undefined);
      expect(alive(tree), r.stdout + r.stderr).toEqual([]);
      expect(processesUnder(cwd)).toEqual([]);
    } finally {
      run.kill('SIGKILL');
      for (const id of alive(tree)) process.kill(id.pid, 'SIGKILL');
      for (const line of processesUnder(cwd)) {
        try {
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
        } catch {
          // ended with the ones killed before it
        }
      }
    }
  }, 600_000);
});
