import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the built CLI (the test target builds it first), as a user would.
const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'apps/run4-cli/dist/main.js');
const run4 = (args: string[], cwd: string) => execa('node', [cli, ...args], { cwd, reject: false, env: { CI: '' } });
const j = (...parts: string[]): string => parts.join('');

/** A service with a blocking Layer 3 finding (hard-coded JWT secret) and a Layer 4 one (unguarded awaited fetch). */
function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-gate-cli-'));
  mkdirSync(path.join(dir, 'api/src'), { recursive: true });
  writeFileSync(path.join(dir, 'api/package.json'), '{"name":"api"}');
  writeFileSync(
    path.join(dir, 'api/src/server.js'),
    j("const JWT_SECRET = '", "k9Lm2pQ7vXz8-prod';\n", "require('node:http').createServer((q, s) => { if (q.url === '/health') return s.end('ok'); s.end(); }).listen(8080);\n", 'export async function sync() {\n  const r = await fetch(process.env.PEER_URL);\n  return r.json();\n}\n'),
  );
  return dir;
}

describe('run4 gate', () => {
  it('runs Layer 4 although Layer 3 blocks; --promotion stops it', async () => {
    const dir = repo();
    const all = await run4(['gate', dir, '--layers', '3,4', '--format', 'json'], dir);
    expect(all.exitCode).toBe(1);
    const report = JSON.parse(all.stdout);
    expect(report.gating_mode).toBe('all_layers');
    expect(report.layers.layer4_adversarial.violations.map((v: { code: string }) => v.code)).toContain('ADV-005');
    const promoted = await run4(['gate', dir, '--layers', '3,4', '--promotion'], dir);
    expect(promoted.stdout).toMatch(/\| L4 Adversarial review \(advisory\) \| skipped \|.*not promoted: Layer 3 failed/);
  }, 120_000);

  it('--out-dir naming a file is one line on stderr and exit 2, with nothing written', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'report.txt'), 'keep me');
    const r = await run4(['gate', dir, '--out-dir', path.join(dir, 'report.txt')], dir);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^run4: --out-dir/);
    expect(lines[0]).toContain(`${path.join(dir, 'report.txt')}`);
    expect(lines[0]).toContain('is a file, not a directory');
    expect(r.stdout).toBe('');
    expect(readFileSync(path.join(dir, 'report.txt'), 'utf8')).toBe('keep me');
  }, 120_000);

  it('reports a compose alias bomb as a file not analysed instead of crashing', async () => {
    const dir = repo();
    const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('services:', '  web:', '    image: nginx:1.27', '    environment:', '      BOMB: *i');
    writeFileSync(path.join(dir, 'docker-compose.yml'), `${lines.join('\n')}\n`);
    const r = await run4(['gate', dir, '--layers', '3'], dir);
    expect(r.stderr).not.toMatch(/unexpected error|ReferenceError/);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/`docker-compose\.yml` \| L3 \| secrets and text rules, no code rules \| YAML alias expansion over the limit of 100 aliases/);
  }, 120_000);
});
