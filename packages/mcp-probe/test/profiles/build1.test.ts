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
