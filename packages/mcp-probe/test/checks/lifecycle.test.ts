import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeServers, resultJson, type ProbeProfile, type ProbeReport } from '../../src/index.js';
import { childPids, fixtureServer, waitFor } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'run4-probe-lifecycle-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  expect(await waitFor(() => childPids().length === 0)).toBe(true);
});

function profile(withPersistence: boolean): ProbeProfile {
  return {
    name: 'cfg',
    servers: {
      cfg: {
        tools: ['echo', 'store', 'fetch', 'get_contracts_for_service'],
        handshakeRequirementIds: ['R4-M2-001'],
        inventoryRequirementIds: ['R4-M2-001'],
        wiringRequirementIds: [],
        lifecycleCall: { tool: 'echo', args: () => ({ message: 'ping' }) },
        specs: {
          echo: { valid: () => ({ message: 'hi' }), invalid: { message: 5 } },
          store: { valid: () => ({ key: 'k', value: 'kept' }) },
          fetch: { valid: () => ({ key: 'k' }) },
        },
        ...(withPersistence
          ? { persistence: { tool: 'fetch', args: () => ({ key: 'k' }), verify: (parsed: unknown) => (parsed === 'kept' ? null : `expected "kept", got ${JSON.stringify(parsed)}`) } }
          : {}),
      },
    },
  };
}

async function run(env: Record<string, string>, withPersistence = true, extra: { latencyLimitMs?: number } = {}): Promise<ProbeReport> {
  return probeServers({ callTools: 'all', servers: [fixtureServer('configurable-server.mjs', 'cfg', env)], profile: profile(withPersistence), timeouts: { callMs: 5000 }, latencySamples: 0, crossServer: false, ...extra });
}
const status = (r: ProbeReport, id: string) => r.checks.find((c) => c.id === id)?.status;

describe('lifecycle checks', () => {
  it('pass on a well-behaved server that persists its data', async () => {
    const r = await run({ FIXTURE_STORE: join(dir, 'good.json') });
    for (const id of ['sequential', 'timeout', 'reopen', 'kill-reconnect']) expect(status(r, `mcp.cfg.lifecycle.${id}`), id).toBe('PASS');
    expect(status(r, 'mcp.lifecycle.simultaneous')).toBe('PASS');
    expect(status(r, 'mcp.cfg.latency')).toBe('PASS');
    expect(r.servers[0]?.latency.echo?.n).toBeGreaterThanOrEqual(10);
  });

  it('fail the 10 sequential calls when the server starts erroring mid-session', async () => {
    const r = await run({ FIXTURE_STORE: join(dir, 'worn.json'), FIXTURE_FAIL_AFTER: '3' });
    expect(status(r, 'mcp.cfg.lifecycle.sequential')).toBe('FAIL');
  });

  it('fail the timeout check when the session is dead after the late call', async () => {
    const r = await run({ FIXTURE_STORE: join(dir, 'cont.json'), FIXTURE_DIE_ON_CONT: '1' });
    const rec = r.checks.find((c) => c.id === 'mcp.cfg.lifecycle.timeout');
    expect(rec?.status).toBe('FAIL');
    expect(rec?.evidence).toContain('no longer answers');
  });

  it('fail close-and-reopen when the data lived only in the first process', async () => {
    const r = await run({});
    const rec = r.checks.find((c) => c.id === 'mcp.cfg.lifecycle.reopen');
    expect(rec?.status).toBe('FAIL');
    expect(rec?.evidence).toContain('expected "kept", got null');
  });

  it('fail kill-and-reconnect and simultaneous sessions when the server cannot start again', async () => {
    const r = await run({ FIXTURE_STORE: join(dir, 'once.json'), FIXTURE_SINGLE_START: join(dir, 'once.lock') }, false);
    const kill = r.checks.find((c) => c.id === 'mcp.cfg.lifecycle.kill-reconnect');
    expect(kill?.status).toBe('FAIL');
    expect(kill?.evidence).toContain('reconnect failed');
    expect(status(r, 'mcp.lifecycle.simultaneous')).toBe('FAIL');
  });

  it('fail the latency check when a p95 is over the limit', async () => {
    const r = await run({ FIXTURE_STORE: join(dir, 'slow.json') }, true, { latencyLimitMs: 0.001 });
    expect(status(r, 'mcp.cfg.latency')).toBe('FAIL');
  });
});

describe('handshake', () => {
  it('fails when the server does not declare the tools capability', async () => {
    const r = await run({ FIXTURE_NO_TOOLS_CAP: '1' });
    const rec = r.checks.find((c) => c.id === 'mcp.cfg.handshake');
    expect(rec?.status).toBe('FAIL');
    expect(rec?.evidence).toContain('capabilities lack "tools"');
    expect(r.servers[0]?.status).toBe('unhealthy');
  });

  it('fails with the command and cwd named when the server cannot start', async () => {
    const server = { ...fixtureServer('configurable-server.mjs', 'cfg'), command: 'run4-no-such-binary' };
    const r = await probeServers({ callTools: 'all', servers: [server], timeouts: { firstStartMs: 5000 } });
    const rec = r.checks.find((c) => c.id === 'mcp.cfg.handshake');
    expect(rec?.status).toBe('FAIL');
    expect(rec?.evidence).toContain('run4-no-such-binary');
    expect(r.servers[0]?.error).toMatch(/failed to start/);
  });

  it('passes on a good server, naming it', async () => {
    const r = await run({ FIXTURE_STORE: join(dir, 'hs.json') });
    const rec = r.checks.find((c) => c.id === 'mcp.cfg.handshake');
    expect(rec?.status).toBe('PASS');
    expect(rec?.evidence).toContain('configurable-fixture@0.0.1');
    expect(resultJson({ content: [{ type: 'text', text: '{"a":1}' }] })).toEqual({ a: 1 });
  });
});
