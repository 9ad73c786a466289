import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_PROFILE } from '../../src/config/index.js';

const root = path.resolve(__dirname, '../../../..');
const entry = path.join(__dirname, 'fixtures/run-probe.ts');
const base = mkdtempSync(path.join(tmpdir(), 'run4-cli-probe-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** `run4 probe` from the sources in `cwd`, with a private TMPDIR so leftovers are attributable. */
function run4Probe(cwd: string, tmp: string, args: string[]) {
  return execa(process.execPath, ['--conditions=@run4/source', '--import', pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href, entry, ...args], { cwd, reject: false, env: { TMPDIR: tmp, CI: '' } });
}

function pgidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

function groupPids(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(pgrp) === pgid && state !== 'Z' && state !== 'X';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitFor(fn: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return fn();
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe('run4 probe: Ctrl+C and bad input', () => {
  it('SIGINT during the handshake of a never-answering wrapped server: exit 130, no process, no RUN4_STATE.json, no temp dir', async () => {
    const cwd = mkdtempSync(path.join(base, 'cwd-'));
    const tmp = mkdtempSync(path.join(base, 'tmp-'));
    const pidFile = path.join(cwd, 'server.pid');
    writeFileSync(path.join(cwd, 'silent.cjs'), `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nprocess.stdin.on('data', () => {});\nprocess.stdin.on('end', () => {});\nsetInterval(() => {}, 60000);\n`);
    const script = path.join(cwd, 'silent.cjs');
    const config = path.join(cwd, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { silent: { command: 'sh', args: ['-c', `"${process.execPath}" "${script}"; echo wrapper-done`] } } }));
    const before = files(cwd);
    const cli = run4Probe(cwd, tmp, [config]);
    expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').length > 0, 60_000)).toBe(true);
    const server = Number(readFileSync(pidFile, 'utf8'));
    const pgid = pgidOf(server)!;
    expect(pgid).not.toBe(pgidOf(cli.pid!));
    expect(groupPids(pgid).length).toBeGreaterThanOrEqual(2); // sh and its node child
    cli.kill('SIGINT');
    const r = await cli;
    expect(r.exitCode).toBe(130);
    expect(await waitFor(() => groupPids(pgid).length === 0, 20_000)).toBe(true);
    expect(files(cwd).filter((f) => !before.includes(f) && f !== 'server.pid')).toEqual([]);
    expect(existsSync(path.join(cwd, '.run4'))).toBe(false);
    expect(readdirSync(tmp).filter((e) => e.startsWith('run4-'))).toEqual([]);
  }, 120_000);

  it('exits 2 naming --call-tools when it names no tool, and starts nothing', async () => {
    const cwd = mkdtempSync(path.join(base, 'cwd-'));
    const tmp = mkdtempSync(path.join(base, 'tmp-'));
    const config = path.join(cwd, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { memory: { command: 'node', args: [path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')] } } }));
    const r = await run4Probe(cwd, tmp, [config, '--call-tools', ' , ']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--call-tools');
    expect(readdirSync(tmp).filter((e) => e.startsWith('run4-'))).toEqual([]);
  }, 60_000);

  it('calls write tools only when probe_call_tools (config) or --call-tools opts them in', async () => {
    const cwd = mkdtempSync(path.join(base, 'cwd-'));
    const tmp = mkdtempSync(path.join(base, 'tmp-'));
    const data = mkdtempSync(path.join(base, 'data-'));
    writeFileSync(path.join(data, 'notes.txt'), 'keep me\n');
    const config = path.join(cwd, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { fs: { command: 'node', args: [path.join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), data] } } }));
    const basis = (stdout: string) => Object.fromEntries((JSON.parse(stdout).servers[0].toolCalls as { tool: string; basis: string }[]).map((d) => [d.tool, d.basis]));
    const byDefault = await run4Probe(cwd, tmp, [config]);
    expect(basis(byDefault.stdout)).toMatchObject({ write_file: 'destructive', read_text_file: 'read-only' });
    writeFileSync(path.join(cwd, 'run4.config.yaml'), `stack_profile: ${path.join(root, REFERENCE_PROFILE)}\nprobe_call_tools: [fs/write_file]\n`);
    const fromConfig = await run4Probe(cwd, tmp, [config]);
    expect(basis(fromConfig.stdout)).toMatchObject({ write_file: 'opt-in', move_file: 'destructive' });
    const fromFlag = await run4Probe(cwd, tmp, [config, '--call-tools', 'move_file']);
    expect(basis(fromFlag.stdout)).toMatchObject({ write_file: 'destructive', move_file: 'opt-in' });
    expect(readdirSync(data)).toEqual(['notes.txt']);
    expect(readFileSync(path.join(data, 'notes.txt'), 'utf8')).toBe('keep me\n');
    expect(readdirSync(tmp).filter((e) => e.startsWith('run4-'))).toEqual([]);
  }, 240_000);
});
