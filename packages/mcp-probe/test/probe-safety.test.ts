import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeServers, type CheckRecord, type ProbeReport } from '../src/index.js';
import { childPids, filesystemServer, fixtureServer, waitFor } from './helpers.js';

const base = mkdtempSync(join(tmpdir(), 'run4-probe-safety-'));
afterAll(async () => {
  rmSync(base, { recursive: true, force: true });
  expect(await waitFor(() => childPids().length === 0, 20_000)).toBe(true);
});

/** Every entry under `dir`: relative path, type, size, mtime and a sha256 of each file's bytes. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.push(`${relative(dir, p)}/ ${st.mode}`);
        walk(p);
      } else {
        out.push(`${relative(dir, p)} ${st.mode} ${st.size} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
      }
    }
  };
  walk(dir);
  return out;
}

function userDir(): string {
  const dir = mkdtempSync(join(base, 'user-'));
  writeFileSync(join(dir, 'notes.txt'), 'first line\nsecond line\nthird line\n');
  writeFileSync(join(dir, 'run4-probe'), 'a file named like the generator default\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'main.js'), 'console.log("hi");\n');
  return dir;
}

const rec = (r: ProbeReport, id: string): CheckRecord | undefined => r.checks.find((c) => c.id === id);
const WRITE_TOOLS = ['write_file', 'edit_file', 'create_directory', 'move_file'];

describe('server-filesystem on a directory with files', () => {
  it('default options: write tools are inventoried but not called, and the directory is byte-for-byte unchanged', async () => {
    const dir = userDir();
    const before = snapshot(dir);
    const r = await probeServers({ servers: [filesystemServer('fs', dir)], timeouts: { callMs: 10_000 }, latencySamples: 1 });
    expect(snapshot(dir)).toEqual(before);
    const fs = r.servers[0]!;
    expect(fs.toolNames).toEqual(expect.arrayContaining(WRITE_TOOLS));
    for (const t of WRITE_TOOLS) {
      expect(rec(r, `mcp.fs.${t}.valid`)).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining(`--call-tools fs/${t}`) });
      expect(rec(r, `mcp.fs.${t}.defaults`)).toBeUndefined();
      expect(rec(r, `mcp.fs.${t}.invalid`)).toBeUndefined();
      expect(fs.toolCalls.find((d) => d.tool === t)).toMatchObject({ called: false });
    }
    expect(rec(r, 'mcp.fs.schemas')?.status).toBe('PASS');
    // read-only tools are called, inside the probe's scratch dir (offered as the server's MCP root), without a WARN flood
    expect(rec(r, 'mcp.fs.read_text_file.valid')).toMatchObject({ status: 'PASS', evidence: expect.stringContaining('refused optional head') });
    expect(rec(r, 'mcp.fs.list_directory.valid')?.status).toBe('PASS');
    expect(r.summary.warned).toBe(0);
    expect(r.summary.failed).toBe(0);
  }, 300_000);

  it('with --call-tools all: write tools run inside a scratch dir that is removed afterwards; the directory is unchanged', async () => {
    const dir = userDir();
    const before = snapshot(dir);
    const r = await probeServers({ servers: [filesystemServer('fs', dir)], callTools: 'all', timeouts: { callMs: 10_000 }, latencySamples: 1 });
    expect(snapshot(dir)).toEqual(before);
    const write = rec(r, 'mcp.fs.write_file.valid');
    expect(write?.status).toBe('PASS');
    const written = (write?.data?.args as { path: string }).path;
    expect(written).toMatch(/scratch-fs\/run4-probe\.txt$/);
    expect(write?.evidence).toContain(`Successfully wrote to ${written}`);
    expect(rec(r, 'mcp.fs.move_file.valid')?.evidence).toContain('Successfully moved');
    expect(r.servers[0]!.toolCalls.filter((d) => d.basis === 'opt-in').map((d) => d.tool).sort()).toEqual([...WRITE_TOOLS].sort());
    expect(existsSync(written)).toBe(false);
    expect(existsSync(join(written, '..'))).toBe(false);
    expect(r.summary.failed).toBe(0);
  }, 300_000);
});

describe('a server whose tools leave a mark when called', () => {
  const probe = (log: string, callTools?: 'all' | string[]) =>
    probeServers({ servers: [fixtureServer('side-effect-server.mjs', 'marks', { SIDE_EFFECT_LOG: log })], ...(callTools ? { callTools } : {}), timeouts: { callMs: 5000 }, latencySamples: 0 });
  const called = (log: string) => (existsSync(log) ? new Set(readFileSync(log, 'utf8').trim().split('\n')) : new Set<string>());

  it('by default calls only the read-only tool: the destructive and the unannotated one are SKIPs with the reason, never PASS', async () => {
    const log = join(base, 'default.log');
    const r = await probe(log);
    expect([...called(log)]).toEqual(['peek']);
    expect(rec(r, 'mcp.marks.peek.valid')?.status).toBe('PASS');
    expect(rec(r, 'mcp.marks.wipe.valid')).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining('destructiveHint: true') });
    expect(rec(r, 'mcp.marks.touch.valid')).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining('does not declare readOnlyHint: true') });
  }, 300_000);

  it('calls what the user opts in, by name or all', async () => {
    const named = join(base, 'named.log');
    await probe(named, ['marks/touch']);
    expect([...called(named)].sort()).toEqual(['peek', 'touch']);
    const all = join(base, 'all.log');
    const r = await probe(all, 'all');
    expect([...called(all)].sort()).toEqual(['peek', 'touch', 'wipe']);
    expect(rec(r, 'mcp.marks.wipe.valid')).toMatchObject({ status: 'PASS', evidence: expect.stringContaining('opted in') });
  }, 300_000);
});
