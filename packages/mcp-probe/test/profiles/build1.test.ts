import { describe, expect, it } from 'vitest';
import { build1Profile, probeServers, ProbeUsageError } from '../../src/index.js';
import { childPids, fixtureServer, TEST_PRD } from '../helpers.js';

describe('build1Profile', () => {
  it("calls decompose with the caller's PRD", () => {
    const spec = build1Profile({ prdText: TEST_PRD }).servers.architect!.specs.decompose!;
    expect(spec.valid({ workDir: '/tmp', values: {} })).toEqual({ prd_text: TEST_PRD });
  });

  it('has no PRD of its own: none, or a blank one, is a ProbeUsageError (exit 2) naming where a PRD comes from', () => {
    for (const prdText of [undefined, '', ' \n\t']) {
      let err: unknown;
      try {
        build1Profile({ prdText: prdText as string });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProbeUsageError);
      expect((err as ProbeUsageError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(/^build1 profile: no PRD text for the architect's decompose call/);
      expect((err as Error).message).toContain('sample_app.prd');
    }
  });
});

describe('probeServers with profile build1', () => {
  it('rejects a missing PRD before starting any server', async () => {
    const err = await probeServers({ servers: [fixtureServer('build1-fake-server.mjs', 'architect', { FIXTURE_ROLE: 'architect' })], profile: 'build1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeUsageError);
    expect((err as Error).message).toContain("probeServers with profile 'build1': no PRD text for the architect's decompose call (prdText is missing)");
    expect(childPids()).toEqual([]);
  });

  it('needs no PRD with profile auto', async () => {
    const report = await probeServers({ servers: [fixtureServer('build1-fake-server.mjs', 'architect', { FIXTURE_ROLE: 'architect' })], profile: 'auto', latencySamples: 0, crossServer: false });
    expect(report.servers.map((s) => s.name)).toEqual(['architect']);
  }, 60_000);
});

describe('build1 profile: verdicts on planted data', () => {
  const detects = async (role: 'contract-engine' | 'codebase-intelligence', tool: string, env: Record<string, string> = {}) => {
    const report = await probeServers({ servers: [fixtureServer('build1-fake-server.mjs', role, { FIXTURE_ROLE: role, ...env })], profile: 'build1', prdText: TEST_PRD, latencySamples: 0, crossServer: false });
    const rec = report.servers[0]!.roundTrips.find((r) => r.id === `mcp.${role}.${tool}.detects`);
    if (!rec) throw new Error(`no mcp.${role}.${tool}.detects record in the report`);
    return rec;
  };

  it('validate_endpoint: PASS when a conforming body is valid and a mismatched one is not (checklist item 5)', async () => {
    const rec = await detects('contract-engine', 'validate_endpoint');
    expect(rec.status, rec.evidence).toBe('PASS');
    expect(rec.evidence).toContain('"id":42');
  }, 60_000);

  it('validate_endpoint: FAIL on a server that judges every body valid', async () => {
    const rec = await detects('contract-engine', 'validate_endpoint', { FIXTURE_BLIND_VALIDATE: '1' });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(/call 2 .*was not judged invalid/);
  }, 60_000);

  it('check_dead_code: PASS when the planted unused_helper is found (B1-08), FAIL when nothing is', async () => {
    const found = await detects('codebase-intelligence', 'check_dead_code');
    expect(found.status, found.evidence).toBe('PASS');
    expect(found.requirementIds).toContain('B1-08');
    const blind = await detects('codebase-intelligence', 'check_dead_code', { FIXTURE_NO_DEAD_CODE: '1' });
    expect(blind.status).toBe('FAIL');
    expect(blind.evidence).toMatch(/unused_helper .* is not reported as dead code/);
    expect(childPids()).toEqual([]);
  }, 120_000);
});
