import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { emptyReport } from '../../src/mcp/mcp-report.js';
import type { ServerSpec } from '../../src/mcp/server-plan.js';
import { retryDelays, ToolSession } from '../../src/mcp/tool-session.js';
import { OWN_FIXTURES, removeScratch, scratch } from '../support.js';

const FLAKY = join(OWN_FIXTURES, 'flaky-contract-engine.mjs');
const Echo = z.object({ message: z.string() });

let root: string;
let sessions: ToolSession[] = [];

beforeEach(async () => {
  root = await scratch('session');
});
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  sessions = [];
  await removeScratch(root);
});

function spec(env: Record<string, string>): ServerSpec {
  return { role: 'contract_engine', command: process.execPath, args: [FLAKY], env: { ...(process.env as Record<string, string>), FIXTURE_LOG: join(root, 'calls.jsonl'), ...env }, cwd: root, source: 'server_command', startupTimeoutMs: 120_000, toolTimeoutMs: 30_000 };
}

function session(env: Record<string, string>, baseMs?: number) {
  const report = emptyReport(retryDelays(baseMs === undefined ? {} : { BUILDER_RETRY_BASE_MS: String(baseMs) }));
  const lines: string[] = [];
  const s = new ToolSession(spec(env), report, (l) => lines.push(l), baseMs === undefined ? {} : { BUILDER_RETRY_BASE_MS: String(baseMs) });
  sessions.push(s);
  return { s, report, lines };
}

function received(tool: string): number[] {
  const file = join(root, 'calls.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { tool: string; t: number }).filter((c) => c.tool === tool).map((c) => c.t);
}

describe('ToolSession retry policy against a real stdio MCP server', () => {
  it('defaults to the seed backoff of 1 s, 2 s, 4 s and scales it by BUILDER_RETRY_BASE_MS', () => {
    expect(retryDelays({})).toEqual([1000, 2000, 4000]);
    expect(retryDelays({ BUILDER_RETRY_BASE_MS: '50' })).toEqual([50, 100, 200]);
    expect(retryDelays({ BUILDER_RETRY_BASE_MS: 'fast' })).toEqual([1000, 2000, 4000]);
  });

  it('retries a transient error twice with ~1 s then ~2 s gaps (seed default) and then answers', async () => {
    const { s, report } = session({ FIXTURE_FAIL: JSON.stringify({ echo: { first: 2, text: 'store temporarily unavailable' } }) });
    expect(await s.start()).toBeUndefined();
    const out = await s.call('echo', { message: 'hi' }, Echo, { message: 'default' });
    expect(out).toEqual({ ok: true, value: { message: 'hi' } });
    const times = received('echo');
    expect(times).toHaveLength(3);
    const gaps = [(times[1] as number) - (times[0] as number), (times[2] as number) - (times[1] as number)];
    expect(gaps[0]).toBeGreaterThanOrEqual(950);
    expect(gaps[0]).toBeLessThan(2500);
    expect(gaps[1]).toBeGreaterThanOrEqual(1950);
    expect(gaps[1]).toBeLessThan(4500);
    // the second wait doubles the first (exponential, not constant)
    expect((gaps[1] as number) - (gaps[0] as number)).toBeGreaterThan(700);
    expect(report.calls).toEqual([expect.objectContaining({ tool: 'echo', ok: true, attempts: 3, retry_delays_ms: [1000, 2000] })]);
    expect(report.servers.contract_engine).toMatchObject({ calls: 1, retries: 2, safe_defaults: 0 });
  });

  it('gives up after 3 retries (4 attempts) on a lasting transient JSON-RPC error and answers the safe default', async () => {
    const { s, report, lines } = session({ FIXTURE_FAIL: JSON.stringify({ echo: { first: 99, code: -32001, text: 'Request timed out' } }) }, 40);
    expect(await s.start()).toBeUndefined();
    const out = await s.call('echo', { message: 'hi' }, Echo, { message: 'default' });
    expect(out.ok).toBe(false);
    expect(out.value).toEqual({ message: 'default' });
    expect(received('echo')).toHaveLength(4);
    expect(report.calls[0]).toMatchObject({ attempts: 4, retry_delays_ms: [40, 80, 160], ok: false });
    expect(report.calls[0]?.error).toMatch(/^transient: /);
    expect(lines.some((l) => l.includes('gave up after 4 attempt(s)'))).toBe(true);
  });

  it('answers the safe default at once on a permanent error (no retry)', async () => {
    const { s, report } = session({ FIXTURE_FAIL: JSON.stringify({ echo: { first: 99, text: 'contract c-9 not found' } }) }, 40);
    expect(await s.start()).toBeUndefined();
    const out = await s.call('echo', { message: 'hi' }, Echo, { message: 'default' });
    expect(out).toMatchObject({ ok: false, value: { message: 'default' } });
    expect(received('echo')).toHaveLength(1);
    expect(report.calls[0]).toMatchObject({ attempts: 1, retry_delays_ms: [] });
    expect(report.calls[0]?.error).toMatch(/^permanent: .*not found/);
  });

  it('treats an answer that breaks the expected shape as permanent', async () => {
    const { s } = session({}, 40);
    expect(await s.start()).toBeUndefined();
    const out = await s.call('echo', { message: 'hi' }, z.object({ other: z.number() }), { other: 0 });
    expect(out.ok).toBe(false);
    expect(received('echo')).toHaveLength(1);
  });

  it('starts a new session after the server closes the connection mid-call, and the retry answers', async () => {
    const { s, report } = session({ FIXTURE_EXIT_ON: 'echo' }, 40);
    expect(await s.start()).toBeUndefined();
    const out = await s.call('echo', { message: 'again' }, Echo, { message: 'default' });
    expect(out).toEqual({ ok: true, value: { message: 'again' } });
    expect(report.calls[0]).toMatchObject({ attempts: 2, reconnects: 1 });
    const pids = readFileSync(join(root, 'calls.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { pid: number }).pid);
    expect(new Set(pids).size).toBe(2);
  });

  it('reports why a server command cannot start', async () => {
    const report = emptyReport([1, 2, 4]);
    const bad = new ToolSession({ ...spec({}), args: [join(root, 'missing-server.mjs')], startupTimeoutMs: 20_000 }, report, () => undefined);
    sessions.push(bad);
    const failure = await bad.start();
    expect(failure).toMatch(/closed|Cannot find module/i);
  });
});
