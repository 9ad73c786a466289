import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MALFORMED_TEXT,
  McpConnectError,
  McpConnection,
  readTrace,
  toolAttempts,
  type TraceEntry,
  type TraceEvent,
  type TraceMessage,
} from '../../src/index.js';
import { alive, connectSdk, interposedServer, resultJson, scratch, waitFor, prepareInterposer, cleanupScratch } from './helpers.js';

afterAll(cleanupScratch);

beforeAll(prepareInterposer, 120_000);

const events = (trace: TraceEntry[], name: TraceEvent['event']) => trace.filter((e): e is TraceEvent => e.type === 'event' && e.event === name);
const messages = (trace: TraceEntry[]) => trace.filter((e): e is TraceMessage => e.type === 'message');

describe('interposer faults seen by a real SDK client', { timeout: 120_000 }, () => {
  it('transient-error answers the first N calls of a tool with JSON-RPC -32001, then lets calls through', async () => {
    const { trace } = scratch();
    const { client } = await connectSdk(interposedServer(trace, { faults: { rules: [{ tool: 'echo', calls: { first: 2 }, fault: { kind: 'transient-error' } }] } }));
    try {
      for (let i = 0; i < 2; i++) {
        const error = await client.callTool({ name: 'echo', arguments: { text: 'x' } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(McpError);
        expect((error as McpError).code).toBe(ErrorCode.RequestTimeout);
      }
      const ok = await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      expect(resultJson(ok)).toEqual({ echo: 'x', n: 1 }); // the server saw only the third call
    } finally {
      await client.close();
    }
    const attempts = toolAttempts(readTrace(trace), 'echo');
    expect(attempts.map((a) => [a.outcome, a.fault ?? null])).toEqual([
      ['error', 'transient-error'],
      ['error', 'transient-error'],
      ['result', null],
    ]);
  });

  it('permanent-error answers with -32602, or with an isError result when as=is-error', async () => {
    const { trace } = scratch();
    const faults = {
      rules: [
        { tool: 'echo', calls: { first: 1 }, fault: { kind: 'permanent-error' as const } },
        { tool: 'echo', calls: { from: 2, to: 2 }, fault: { kind: 'permanent-error' as const, as: 'is-error' as const, message: 'no such thing' } },
      ],
    };
    const { client } = await connectSdk(interposedServer(trace, { faults }));
    try {
      const error = await client.callTool({ name: 'echo', arguments: { text: 'a' } }).catch((e: unknown) => e);
      expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
      const isError = await client.callTool({ name: 'echo', arguments: { text: 'b' } });
      expect(isError.isError).toBe(true);
      expect((isError.content as Array<{ text: string }>)[0]!.text).toBe('no such thing');
      expect(resultJson(await client.callTool({ name: 'echo', arguments: { text: 'c' } }))).toEqual({ echo: 'c', n: 1 });
    } finally {
      await client.close();
    }
  });

  it('delay holds the call D ms before the server sees it', async () => {
    const { trace } = scratch();
    const { client } = await connectSdk(interposedServer(trace, { faults: { rules: [{ tool: 'echo', calls: { first: 1 }, fault: { kind: 'delay', ms: 400 } }] } }));
    try {
      const t0 = performance.now();
      await client.callTool({ name: 'echo', arguments: { text: 'slow' } });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    } finally {
      await client.close();
    }
    const [delayed] = toolAttempts(readTrace(trace), 'echo');
    expect(delayed!.fault).toBe('delay');
    expect(delayed!.endMonoMs! - delayed!.requestMonoMs).toBeGreaterThanOrEqual(400);
  });

  it('server-dies kills the server mid-call: the call fails as closed, the server exits by SIGKILL, nothing is left running', async () => {
    const { trace } = scratch();
    const server = interposedServer(trace, { faults: { rules: [{ tool: 'slow', fault: { kind: 'server-dies' } }] } });
    const { client, transport } = await connectSdk(server);
    const interposerPid = transport.pid!;
    const grandchild = (resultJson(await client.callTool({ name: 'spawn_child', arguments: {} })) as { pid: number }).pid;
    expect(alive(grandchild)).toBe(true);
    let closed = false;
    client.onclose = () => (closed = true);
    const error = await client.callTool({ name: 'slow', arguments: { ms: 60_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.ConnectionClosed);
    expect(await waitFor(() => closed)).toBe(true);
    const t = readTrace(trace);
    const serverPid = events(t, 'server-spawned')[0]!.serverPid!;
    expect(await waitFor(() => !alive(interposerPid) && !alive(serverPid) && !alive(grandchild))).toBe(true);
    expect(events(t, 'fault-kill')).toHaveLength(1);
    expect(events(t, 'server-exit')[0]).toMatchObject({ signal: 'SIGKILL', exitCode: null });
    await client.close();
  });

  it('a retrying client gets through server-dies on its reconnect: calls are counted across interposer starts', async () => {
    const { trace } = scratch();
    const conn1 = await McpConnection.open(interposedServer(trace, { faults: { rules: [{ tool: 'echo', calls: { first: 1 }, fault: { kind: 'server-dies' } }] } }), { startupTimeoutMs: 60_000 });
    const first = await conn1.callTool('echo', { text: 'a' }, 30_000);
    expect(first.kind).toBe('closed');
    await conn1.close();
    const conn2 = await McpConnection.open(interposedServer(trace, { faults: { rules: [{ tool: 'echo', calls: { first: 1 }, fault: { kind: 'server-dies' } }] } }), { startupTimeoutMs: 60_000 });
    try {
      const second = await conn2.callTool('echo', { text: 'a' }, 30_000);
      expect(second.kind).toBe('result');
    } finally {
      await conn2.close();
    }
    const attempts = toolAttempts(readTrace(trace), 'echo');
    expect(attempts.map((a) => [a.start, a.outcome])).toEqual([
      [1, 'no-answer'],
      [2, 'result'],
    ]);
  });

  it('unavailable at start refuses the first N starts (counted in the state file next to the trace)', async () => {
    const { trace } = scratch();
    const server = interposedServer(trace, { faults: { startup: { unavailable: { first: 2, exitCode: 3 } } } });
    for (let i = 0; i < 2; i++) {
      const error = await McpConnection.open(server, { startupTimeoutMs: 60_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpConnectError);
      expect((error as McpConnectError).timedOut).toBe(false);
    }
    const conn = await McpConnection.open(server, { startupTimeoutMs: 60_000 });
    try {
      expect((await conn.listTools()).map((t) => t.name)).toContain('echo');
    } finally {
      await conn.close();
    }
    const refused = events(readTrace(trace), 'start-refused');
    expect(refused.map((e) => [e.start, e.exitCode])).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('malformed-result corrupts the answer: text that is not JSON, a result that fits no schema, or a line no client can parse', async () => {
    const { trace } = scratch();
    const faults = {
      rules: [
        { tool: 'echo', calls: { from: 1, to: 1 }, fault: { kind: 'malformed-result' as const } },
        { tool: 'echo', calls: { from: 2, to: 2 }, fault: { kind: 'malformed-result' as const, mode: 'schema-violation' as const } },
        { tool: 'echo', calls: { from: 3, to: 3 }, fault: { kind: 'malformed-result' as const, mode: 'invalid-json' as const } },
      ],
    };
    const { client } = await connectSdk(interposedServer(trace, { faults }));
    try {
      const notJson = await client.callTool({ name: 'echo', arguments: { text: 'a' } });
      expect((notJson.content as Array<{ text: string }>)[0]!.text).toBe(MALFORMED_TEXT);
      const violation = await client.callTool({ name: 'echo', arguments: { text: 'b' } }, undefined, { timeout: 20_000 }).catch((e: unknown) => e);
      expect(violation).toBeInstanceOf(Error); // the SDK rejects the result's shape at once (not a timeout)
      expect((violation as McpError).code).not.toBe(ErrorCode.RequestTimeout);
      const unparseable = await client.callTool({ name: 'echo', arguments: { text: 'c' } }, undefined, { timeout: 1500 }).catch((e: unknown) => e);
      expect((unparseable as McpError).code).toBe(ErrorCode.RequestTimeout);
      expect(resultJson(await client.callTool({ name: 'echo', arguments: { text: 'd' } }))).toEqual({ echo: 'd', n: 4 });
    } finally {
      await client.close();
    }
    const sent = messages(readTrace(trace)).filter((m) => m.dir === 'server->client' && m.fault?.kind === 'malformed-result');
    expect(sent.map((m) => m.kind)).toEqual(['response', 'response', 'invalid']);
  });
});
