import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsPerTool, connectClientSession, readTrace, retryIntervals, RetryingToolClient, type SessionSource } from '../../src/index.js';
import { interposedServer, scratch, prepareInterposer, cleanupScratch } from './helpers.js';

afterAll(cleanupScratch);

beforeAll(prepareInterposer, 120_000);

/** A minimal retrying client of the fixture's `echo`, on the package's retry machinery. */
class EchoClient extends RetryingToolClient {
  echo(text: string): Promise<unknown> {
    return this.invoke('echo', { text }, (json) => json, () => null);
  }
}

const faults = {
  rules: [
    { tool: 'echo', calls: { first: 2 }, fault: { kind: 'transient-error' as const } },
    { tool: 'echo', calls: { from: 3, to: 3 }, fault: { kind: 'server-dies' as const } },
  ],
};

async function run(backoffMs: number[]): Promise<{ trace: string; value: unknown; client: EchoClient }> {
  const { trace } = scratch();
  const { source, close } = connectClientSession(interposedServer(trace, { faults }), { startupTimeoutMs: 60_000, callTimeoutMs: 30_000 });
  const client = new EchoClient(source as SessionSource, { backoffMs });
  try {
    return { trace, value: await client.echo('hi'), client };
  } finally {
    await close();
  }
}

describe('a retrying client observed from outside', { timeout: 180_000 }, () => {
  it('shows each retry and the wait before it in the trace: two transient errors, a server death, then success', async () => {
    const backoff = [200, 400, 800];
    const { trace, value, client } = await run(backoff);
    expect(value).toEqual({ echo: 'hi', n: 1 });
    expect(client.lastOutcome).toMatchObject({ ok: true, attempts: 4, delaysMs: backoff });
    const t = readTrace(trace);
    expect(callsPerTool(t)).toEqual({ echo: 4 });
    const [group, ...rest] = retryIntervals(t, 'echo');
    expect(rest).toEqual([]);
    expect(group!.map((r) => r.retry)).toEqual([1, 2, 3]);
    // The wait seen from outside is the backoff plus the client's reconnect (a new interposer start).
    group!.forEach((r, i) => expect(r.sinceEndMs).toBeGreaterThanOrEqual(backoff[i]!));
    expect(new Set(t.map((e) => e.start)).size).toBe(4); // the client reconnected after each failure
  });

  it('shows a client that does not retry: one attempt, no retry interval (a backoff check on this trace fails)', async () => {
    const { trace, value, client } = await run([]);
    expect(value).toBeNull();
    expect(client.lastOutcome).toMatchObject({ ok: false, attempts: 1 });
    const t = readTrace(trace);
    expect(callsPerTool(t)).toEqual({ echo: 1 });
    expect(retryIntervals(t, 'echo')).toEqual([]);
  });
});
