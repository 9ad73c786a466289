import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { McpConnection, probeServers } from '../src/index.js';
import { childPids, fixtureServer, waitFor } from './helpers.js';

afterAll(async () => {
  expect(await waitFor(() => childPids().length === 0, 20_000)).toBe(true);
});

/** Process warnings emitted while `fn` runs. */
async function warningsDuring(fn: () => Promise<unknown>): Promise<Error[]> {
  const seen: Error[] = [];
  const onWarning = (w: Error) => seen.push(w);
  process.on('warning', onWarning);
  try {
    await fn();
    // warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe('one AbortSignal for a whole multi-server probe', () => {
  it('the detector works: the SDK keeps one abort listener per request on the signal it is given', async () => {
    const conn = await McpConnection.open(fixtureServer('side-effect-server.mjs', 'raw'), { startupTimeoutMs: 120_000 });
    const shared = new AbortController().signal;
    try {
      const warnings = await warningsDuring(async () => {
        for (let i = 0; i < 12; i++) await conn.client.callTool({ name: 'peek', arguments: { name: String(i) } }, undefined, { signal: shared });
      });
      expect(getEventListeners(shared, 'abort').length).toBe(12);
      expect(warnings.map((w) => w.name)).toContain('MaxListenersExceededWarning');
    } finally {
      await conn.close();
    }
  }, 60_000);

  it('a multi-server probe with a signal prints no MaxListenersExceededWarning and leaves no listener on it', async () => {
    const controller = new AbortController();
    const warnings = await warningsDuring(() =>
      probeServers({
        servers: ['a', 'b', 'c'].map((n) => fixtureServer('side-effect-server.mjs', n)),
        timeouts: { callMs: 5000 },
        latencySamples: 3,
        signal: controller.signal,
      }),
    );
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 120_000);
});
