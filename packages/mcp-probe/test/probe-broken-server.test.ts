import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServers, type CheckRecord, type ProbeProfile, type ProbeReport } from '../src/index.js';
import { childPids, fixtureServer, waitFor } from './helpers.js';

// One probe run against the planted-defect server, then assertions on what it caught.
const profile: ProbeProfile = {
  name: 'broken-fixture',
  servers: {
    broken: {
      // the server lists 5 tools; the profile expects a sixth it lacks
      tools: ['echo', 'crash_on_bad_input', 'bad_output', 'lenient', 'hang', 'missing_tool'],
      handshakeRequirementIds: ['R4-M2-001'],
      inventoryRequirementIds: ['R4-M2-001'],
      wiringRequirementIds: [],
      specs: {
        echo: { valid: () => ({ message: 'hi' }), shape: z.string().startsWith('echo:'), invalid: { message: 5 } },
        // planted: the profile expects JSON with `doubled`, the tool answers a bare number
        crash_on_bad_input: { valid: () => ({ n: 2 }), shape: z.object({ doubled: z.number() }) },
      },
    },
  },
};

let report: ProbeReport;
const byId = (id: string): CheckRecord => {
  const rec = report.checks.find((c) => c.id === id);
  if (!rec) throw new Error(`no check ${id}; have ${report.checks.map((c) => c.id).join(', ')}`);
  return rec;
};

describe('probe against a server with planted defects', () => {
  beforeAll(async () => {
    report = await probeServers({ callTools: 'all', servers: [fixtureServer('broken-server.mjs', 'broken')], profile, timeouts: { callMs: 3000 }, latencySamples: 1 });
  }, 300_000);

  afterAll(async () => {
    expect(await waitFor(() => childPids().length === 0)).toBe(true);
  });

  it('flags the wrong tool count as an inventory FAIL naming the missing tool', () => {
    const rec = byId('mcp.broken.inventory');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('missing: missing_tool');
    expect(report.servers[0]?.status).toBe('unhealthy');
  });

  it('catches the tool that crashes the process on bad input, and keeps probing after reconnecting', () => {
    const rec = byId('mcp.broken.crash_on_bad_input.invalid');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(/server process died/);
    expect(byId('mcp.broken.bad_output.valid').status).toBe('PASS');
  });

  it('catches structuredContent that violates the outputSchema', () => {
    const rec = byId('mcp.broken.bad_output.output-schema');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('/count must be integer');
  });

  it('catches the hanging tool as a FAIL (timeout), for valid, defaults and invalid input', () => {
    for (const kind of ['valid', 'defaults', 'invalid']) {
      const rec = byId(`mcp.broken.hang.${kind}`);
      expect(rec.status).toBe('FAIL');
      expect(rec.evidence).toMatch(/timed out/);
    }
  });

  it('catches a tool that accepts arguments of the wrong type', () => {
    const rec = byId('mcp.broken.lenient.invalid');
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('accepted arguments of the wrong type');
  });

  it('fails a response that does not match the profile shape, passes one that does', () => {
    expect(byId('mcp.broken.crash_on_bad_input.shape').status).toBe('FAIL');
    expect(byId('mcp.broken.echo.shape').status).toBe('PASS');
  });

  it('passes the well-behaved tool on every round trip', () => {
    for (const kind of ['valid', 'defaults', 'invalid']) expect(byId(`mcp.broken.echo.${kind}`).status).toBe('PASS');
    expect(byId('mcp.broken.unknown-tool').status).toBe('PASS');
  });

  it('marks the run failed and carries requirement ids on every record', () => {
    expect(report.summary.ok).toBe(false);
    expect(byId('mcp.broken.crash_on_bad_input.invalid').requirementIds).toEqual(expect.arrayContaining(['B1-15', 'R4-M2-005']));
    expect(report.checks.every((c) => c.requirementIds.length > 0)).toBe(true);
  });
});

describe('unknown tool check', () => {
  it('fails when the server answers an unknown tool name with success', async () => {
    const r = await probeServers({ callTools: 'all',
      servers: [fixtureServer('broken-server.mjs', 'lax', { FIXTURE_UNKNOWN_OK: '1' })],
      profile: { name: 'p', servers: { lax: { tools: ['echo'], handshakeRequirementIds: [], inventoryRequirementIds: [], wiringRequirementIds: [], specs: {} } } },
      serverFilter: ['lax'],
      timeouts: { callMs: 5000 },
      latencySamples: 0,
    });
    const rec = r.checks.find((c) => c.id === 'mcp.lax.unknown-tool');
    expect(rec?.status).toBe('FAIL');
    expect(rec?.evidence).toContain('sure, run4_probe_no_such_tool_');
  }, 300_000);
});

describe('abort', () => {
  it('stops early when the signal fires, marks the report aborted and leaves no process behind', async () => {
    const controller = new AbortController();
    const r = await probeServers({ callTools: 'all',
      servers: [fixtureServer('broken-server.mjs', 'stop')],
      timeouts: { callMs: 3000 },
      onProgress: (e) => {
        if (e.type === 'check' && e.check.id === 'mcp.stop.echo.invalid') controller.abort();
      },
      signal: controller.signal,
    });
    expect(r.aborted).toBe(true);
    expect(r.checks.some((c) => c.id.startsWith('mcp.stop.hang'))).toBe(false);
    expect(await waitFor(() => childPids().length === 0)).toBe(true);
  }, 300_000);
});
