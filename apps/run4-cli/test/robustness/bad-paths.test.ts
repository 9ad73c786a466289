import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, run4, tmp } from './helpers.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.reverse()) c();
});

/**
 * An existing directory nobody may write, even root: a read-only tmpfs when
 * this process may mount one (root), else a chmod 0555 directory (non-root).
 * Root without mount rights falls back to /proc/self, a directory of procfs
 * where no file can be created.
 */
function readOnlyDir(): { dir: string; how: string } {
  const dir = path.join(tmp(), 'ro');
  mkdirSync(dir);
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return { dir, how: 'chmod 0555' };
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    cleanups.push(() => execFileSync('umount', [dir], { stdio: 'ignore' }));
    return { dir, how: 'read-only tmpfs' };
  } catch {
    return { dir: '/proc/self', how: 'procfs /proc/self' };
  }
}

describe('bad paths: one line naming what, where and the fix; exit 2; nothing half-written', () => {
  it('--output-dir that is a file, or lies under a file', async () => {
    const cwd = tmp();
    const file = path.join(cwd, 'afile');
    writeFileSync(file, 'x');
    for (const args of [['--output-dir', file, 'milestone', 'm1'], ['--output-dir', path.join(file, 'sub'), 'run', '--backend', 'process'], ['--output-dir', file, 'status'], ['--output-dir', file, 'resume']]) {
      const r = await run4(args, cwd);
      expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      const line = oneLine(r.stderr);
      expect(line).toContain(`${file} is a file, not a directory`.replace(`${file} is`, args[1] === file ? 'is' : `${file} is`));
      expect(line).toContain('fix:');
    }
    expect(readdirSync(cwd)).toEqual(['afile']);
  }, 600_000);

  it('an existing read-only output directory fails at once, without blaming a lock', async () => {
    const cwd = tmp();
    const { dir, how } = readOnlyDir();
    const started = Date.now();
    const r = await run4(['--output-dir', dir, 'milestone', 'm1'], cwd);
    expect(r.exitCode, `${how}\n${r.stderr}`).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain(dir);
    expect(line).toMatch(/not writable|cannot create/);
    expect(line).not.toContain('lock');
    // the old behaviour waited for lock retries (~20 s) before failing; the start-up itself takes a few seconds here
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 150_000);

  it('an output directory inside procfs fails at once instead of spinning', async () => {
    const r = await run4(['--output-dir', `/proc/run4-robust-${process.pid}/out`, 'milestone', 'm1'], tmp(), { timeout: 90_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(oneLine(r.stderr)).toContain(`cannot create /proc/run4-robust-${process.pid}`);
  }, 150_000);

  it('init --force onto a directory, init into an unwritable or missing place', async () => {
    const cwd = tmp();
    mkdirSync(path.join(cwd, 'adir'));
    const forced = await run4(['--config', 'adir', 'init', '--force'], cwd);
    expect(forced.exitCode, forced.stderr).toBe(2);
    expect(oneLine(forced.stderr)).toContain(`${path.join(cwd, 'adir')}: is a directory`);

    const { dir, how } = readOnlyDir();
    const ro = await run4(['--config', path.join(dir, 'run4.config.yaml'), 'init'], cwd);
    expect(ro.exitCode, `${how}\n${ro.stderr}`).toBe(2);
    expect(oneLine(ro.stderr)).toContain(path.join(dir, 'run4.config.yaml'));
    expect(existsSync(path.join(dir, 'run4.config.yaml'))).toBe(false);

    writeFileSync(path.join(cwd, 'afile'), '');
    const under = await run4(['--config', 'afile/run4.config.yaml', 'init'], cwd);
    expect(under.exitCode, under.stderr).toBe(2);
    expect(oneLine(under.stderr)).toContain(`${path.join(cwd, 'afile')} is a file, not a directory`);
    expect(readdirSync(cwd).sort()).toEqual(['adir', 'afile']);
    expect(readdirSync(path.join(cwd, 'adir'))).toEqual([]);
  }, 600_000);

  it('a file the run must write that is in the way (a directory named m1_checks.json): one line, exit 2, no stack', async () => {
    const cwd = tmp();
    const out = path.join(cwd, 'out');
    mkdirSync(path.join(out, 'm1_checks.json'), { recursive: true });
    writeFileSync(path.join(out, 'm1_checks.json', 'keep'), '');
    const r = await run4(['--output-dir', out, 'milestone', 'm1'], cwd);
    expect(r.exitCode, r.stderr).toBe(2);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(/^run4: .*m1_checks\.json.*\(fix: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('unexpected error');
  }, 150_000);

  it('gate --out-dir that is a file', async () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, 'afile'), '');
    mkdirSync(path.join(cwd, 'repo'));
    writeFileSync(path.join(cwd, 'repo', 'index.js'), 'console.log(1);\n');
    const r = await run4(['gate', 'repo', '--layers', '3', '--out-dir', 'afile'], cwd);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(oneLine(r.stderr)).toContain(path.join(cwd, 'afile'));
  }, 150_000);

  it('gate --out-dir on procfs fails at once instead of spinning', async () => {
    const cwd = tmp();
    mkdirSync(path.join(cwd, 'repo'));
    writeFileSync(path.join(cwd, 'repo', 'index.js'), 'console.log(1);\n');
    const r = await run4(['gate', 'repo', '--layers', '3', '--out-dir', `/proc/run4-robust-${process.pid}/reports`], cwd, { timeout: 90_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stderr).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain(`--out-dir /proc/run4-robust-${process.pid}/reports`);
    expect(line).toContain('fix: choose a writable directory with --out-dir');
  }, 150_000);
});
