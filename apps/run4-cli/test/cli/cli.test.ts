import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(__dirname, '../../dist/main.js');
const run4 = (args: string[], cwd: string) => execa('node', [cli, ...args], { cwd, reject: false, env: { CI: '' } });
const tmp = () => mkdtempSync(path.join(tmpdir(), 'run4-cli-'));
const root = path.resolve(__dirname, '../../../..');

describe('run4 CLI', () => {
  it('prints help for every command and exits 0', async () => {
    for (const args of [['--help'], ['init', '--help'], ['status', '--help'], ['milestone', '--help'], ['run', '--help'], ['resume', '--help']]) {
      const r = await run4(args, tmp());
      expect(r.exitCode, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toContain('Usage: run4');
    }
  });

  it('exits 2 on a usage error', async () => {
    const dir = tmp();
    expect((await run4(['frobnicate'], dir)).exitCode).toBe(2);
    const r = await run4(['milestone', 'm9'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown milestone "m9"');
  });

  it('rejects a config with a wrong type in one line, exit 2, writing nothing', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'run4.config.yaml'), 'max_concurrent_builders: many\n');
    const r = await run4(['milestone', 'm1'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'run4: run4.config.yaml: max_concurrent_builders: expected number, got the string "many" (fix: set max_concurrent_builders to a number)',
    ]);
    expect(existsSync(path.join(dir, '.run4'))).toBe(false);
  });

  it('runs M1, writes RUN4_STATE.json and junit.xml, and shows status', async () => {
    const dir = tmp();
    const r = await run4(['milestone', 'm1', '--verbose'], dir);
    expect(r.stderr).toContain('m1.fixture.openapi.auth-service');
    expect(r.stdout).toMatch(/\d+ passed, \d+ failed, \d+ skipped/);
    const state = JSON.parse(readFileSync(path.join(dir, '.run4/RUN4_STATE.json'), 'utf8'));
    expect(state.completed_milestones).toEqual([1]);
    expect(state.milestone_artifacts.m1.status).toMatch(/PASS|FAIL/);
    expect(existsSync(path.join(dir, '.run4/junit.xml'))).toBe(true);
    const status = await run4(['status'], dir);
    expect(status.stdout).toContain('M1 Test infrastructure + fixtures');
    const json = JSON.parse((await run4(['status', '--json'], dir)).stdout);
    expect(json.run_id).toBe(state.run_id);
  }, 60_000);

  it('keeps a corrupt RUN4_STATE.json as .corrupt, says so and starts fresh', async () => {
    const dir = tmp();
    const out = path.join(dir, '.run4');
    await execa('mkdir', ['-p', out]);
    writeFileSync(path.join(out, 'RUN4_STATE.json'), '{ this is not json');
    const r = await run4(['milestone', 'm1'], dir);
    expect(r.stderr).toContain('RUN4_STATE.json was corrupt');
    expect(readFileSync(path.join(out, 'RUN4_STATE.json.corrupt'), 'utf8')).toBe('{ this is not json');
    expect(JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8')).completed_milestones).toEqual([1]);
  }, 60_000);

  it('refuses a config whose .mcp.json does not exist (exit 2), naming the field and the file', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'run4.config.yaml'), `stack_profile: ${path.join(root, 'fixtures/tasktracker/run4.stack.yaml')}\nmcp_config_path: nowhere/.mcp.json\n`);
    const r = await run4(['milestone', 'm1'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('mcp_config_path');
    expect(r.stderr).toContain(path.join(dir, 'nowhere/.mcp.json'));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('refuses a milestone whose prerequisites have not run', async () => {
    const r = await run4(['milestone', 'm4'], tmp());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('needs M2 and M3 completed first');
  });

  it('init writes a config that run4 then accepts, and refuses to overwrite it', async () => {
    const dir = tmp();
    expect((await run4(['init'], dir)).exitCode).toBe(0);
    expect(readFileSync(path.join(dir, 'run4.config.yaml'), 'utf8')).toContain('max_concurrent_builders: 3');
    const again = await run4(['init'], dir);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('--force');
    expect((await run4(['status'], dir)).exitCode).toBe(0);
  });
});
