import { execa } from 'execa';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npx run4` inside the workspace: npm links the workspace bin (bin/run4.mjs,
// committed so `npm ci` links it before any build) into node_modules/.bin, and
// the shim runs the built CLI. `--no-install`: never ask the registry.
// npx itself takes seconds to start on a busy machine, hence the long test timeouts.
const root = path.resolve(__dirname, '../../../..');
const link = path.join(root, 'node_modules/.bin/run4');
const shim = path.resolve(__dirname, '../../bin/run4.mjs');
const env = { CI: '', npm_config_update_notifier: 'false' };

describe('npx run4 in the workspace', () => {
  it('node_modules/.bin/run4 resolves to the workspace shim', () => {
    expect(existsSync(link), `${link} is missing: run npm ci at the workspace root`).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(shim));
  });

  it('npx --no-install run4 --help, from the workspace root, prints the CLI help and exits 0', async () => {
    const r = await execa('npx', ['--no-install', 'run4', '--help'], { cwd: root, reject: false, env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: run4');
    expect(r.stdout).toContain('milestone');
  }, 180_000);

  it('passes arguments and the exit code through (a usage error exits 2)', async () => {
    const r = await execa('npx', ['--no-install', 'run4', 'frobnicate'], { cwd: root, reject: false, env });
    expect(r.exitCode).toBe(2);
  }, 180_000);

  it('says in one line how to build when the CLI is not built, exit 2', async () => {
    // the shim alone, with no dist/ next to it
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-shim-'));
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(shim, path.join(dir, 'bin', 'run4.mjs'));
    const r = await execa('node', [path.join(dir, 'bin', 'run4.mjs'), '--help'], { reject: false, env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/run4: the CLI is not built yet \(.*dist\/main\.js is missing\); build it with: .*nx run run4-cli:build/);
  });
});
