import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { trackedProcessGroups } from '@run4/checks';
import { McpConnectError, McpConnection, probeServers } from '../src/index.js';
import { childPids, groupPids, pgidOf, ROOT, silentWrapperServer, waitFor } from './helpers.js';

// Everything the probe creates in the temp dir goes to a private one, so a leftover is attributable.
const privateTmp = mkdtempSync(join(tmpdir(), 'run4-orphans-'));
const outerTmp = process.env.TMPDIR;
process.env.TMPDIR = privateTmp;
afterAll(() => {
  process.env.TMPDIR = outerTmp;
  rmSync(privateTmp, { recursive: true, force: true });
});

let n = 0;
const pidFile = () => join(privateTmp, `silent-${n++}.pid`);

/** Wait until the never-answering grandchild wrote its pid; returns it and its process group. */
async function grandchild(file: string): Promise<{ pid: number; pgid: number }> {
  expect(await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').length > 0, 30_000)).toBe(true);
  const pid = Number(readFileSync(file, 'utf8'));
  const pgid = pgidOf(pid);
  expect(pgid).not.toBeNull();
  // the server runs in a process group of its own, not in this test's
  expect(pgid).not.toBe(pgidOf(process.pid));
  return { pid, pgid: pgid! };
}

const probeDirs = () => readdirSync(privateTmp).filter((e) => e.startsWith('run4-probe-'));

describe('a server that never answers initialize, started through a sh -c wrapper', () => {
  it('is ended with its whole process group (wrapper and grandchild) when the handshake times out', async () => {
    const file = pidFile();
    const opening = McpConnection.open(silentWrapperServer('silent', file), { startupTimeoutMs: 1500 });
    const outcome = opening.then(
      () => null,
      (e: unknown) => e,
    );
    const { pgid } = await grandchild(file);
    expect(groupPids(pgid).length).toBeGreaterThanOrEqual(2); // sh + node
    const error = await outcome;
    expect(error).toBeInstanceOf(McpConnectError);
    expect((error as McpConnectError).timedOut).toBe(true);
    expect(await waitFor(() => groupPids(pgid).length === 0, 20_000)).toBe(true);
    expect(trackedProcessGroups()).toEqual([]);
  }, 60_000);

  it('is SIGKILLed after the grace period when it ignores SIGTERM', async () => {
    const file = pidFile();
    const outcome = McpConnection.open(silentWrapperServer('stubborn', file, true), { startupTimeoutMs: 1500, closeGraceMs: 500 }).catch((e: unknown) => e);
    const { pgid } = await grandchild(file);
    expect(await outcome).toBeInstanceOf(McpConnectError);
    expect(await waitFor(() => groupPids(pgid).length === 0, 20_000)).toBe(true);
  }, 60_000);

  it('probeServers reports the handshake FAIL and leaves no process and no temporary directory', async () => {
    const file = pidFile();
    const report = probeServers({ servers: [silentWrapperServer('silent', file)], timeouts: { firstStartMs: 1500 } });
    const { pgid } = await grandchild(file);
    const r = await report;
    expect(r.checks.find((c) => c.id === 'mcp.silent.handshake')).toMatchObject({ status: 'FAIL', evidence: expect.stringContaining('did not finish the handshake') });
    expect(await waitFor(() => groupPids(pgid).length === 0, 20_000)).toBe(true);
    expect(probeDirs()).toEqual([]);
  }, 60_000);

  it('an abort during the handshake (Ctrl+C in a host) ends the group and removes the temporary directory', async () => {
    const file = pidFile();
    const controller = new AbortController();
    const report = probeServers({ servers: [silentWrapperServer('silent', file)], timeouts: { firstStartMs: 120_000 }, signal: controller.signal });
    const { pgid } = await grandchild(file);
    controller.abort(new Error('interrupted'));
    const r = await report;
    expect(r.aborted).toBe(true);
    expect(await waitFor(() => groupPids(pgid).length === 0, 20_000)).toBe(true);
    expect(probeDirs()).toEqual([]);
    expect(await waitFor(() => childPids().length === 0, 20_000)).toBe(true);
  }, 60_000);
});

describe('a host process that handles no signal itself', () => {
  it('on SIGINT still ends the server group it started, then dies of the signal', async () => {
    const file = pidFile();
    const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const host = spawn(process.execPath, ['--conditions=@run4/source', '--import', loader, fileURLToPath(new URL('./fixtures/open-and-wait.ts', import.meta.url)), file], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => host.once('exit', (_code, signal) => resolve(signal)));
    const { pgid } = await grandchild(file);
    host.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(await waitFor(() => groupPids(pgid).length === 0, 20_000)).toBe(true);
  }, 90_000);
});
