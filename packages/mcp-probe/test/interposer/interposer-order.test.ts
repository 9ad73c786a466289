import { ListRootsRequestSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsPerTool, readTrace, requestIds, TraceEntrySchema, type TraceMessage } from '../../src/index.js';
import { connectSdk, interposedServer, MEMORY_SERVER, resultJson, scratch, prepareInterposer, cleanupScratch } from './helpers.js';

afterAll(cleanupScratch);

beforeAll(prepareInterposer, 120_000);

describe('interposer under load and with third-party servers', { timeout: 180_000 }, () => {
  it('loses and reorders no message over 1,000 tool calls (50 in flight at a time)', async () => {
    const { trace } = scratch();
    const { client, transport } = await connectSdk(interposedServer(trace));
    const sent: Array<string | number> = [];
    const send = transport.send.bind(transport);
    transport.send = (message: JSONRPCMessage) => {
      if ('method' in message && 'id' in message && message.method === 'tools/call') sent.push(message.id);
      return send(message);
    };
    const answers: number[] = [];
    try {
      for (let batch = 0; batch < 20; batch++) {
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.callTool({ name: 'echo', arguments: { text: String(batch * 50 + i) } })));
        for (const r of results) answers.push((resultJson(r) as { n: number }).n);
      }
    } finally {
      await client.close();
    }
    expect(sent).toHaveLength(1000);
    expect(new Set(answers).size).toBe(1000); // every call reached the server exactly once
    const t = readTrace(trace);
    expect(requestIds(t, { method: 'tools/call' })).toEqual(sent);
    const responses = t.filter((e): e is TraceMessage => e.type === 'message' && e.dir === 'server->client' && e.method === 'tools/call');
    expect(new Set(responses.map((r) => r.id))).toEqual(new Set(sent));
    expect(responses).toHaveLength(1000);
    expect(callsPerTool(t)).toEqual({ echo: 1000 });
    // Entries are numbered without gaps, in time order.
    const seqs = t.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(t.every((e, i) => i === 0 || e.monoMs >= t[i - 1]!.monoMs)).toBe(true);
  });

  it('records server-to-client requests and their answers (roots/list asked by the server)', async () => {
    const { trace } = scratch();
    const { client } = await connectSdk(interposedServer(trace));
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///tmp', name: 'tmp' }] }));
    try {
      expect(resultJson(await client.callTool({ name: 'ask_client', arguments: {} }))).toEqual({ roots: 1 });
    } finally {
      await client.close();
    }
    const t = readTrace(trace).filter((e): e is TraceMessage => e.type === 'message' && e.method === 'roots/list');
    expect(t.map((m) => [m.dir, m.kind])).toEqual([
      ['server->client', 'request'],
      ['client->server', 'response'],
    ]);
  });

  it('wraps @modelcontextprotocol/server-memory unchanged; the trace round-trips through TraceEntrySchema', async () => {
    const { dir, trace } = scratch();
    const { client } = await connectSdk(interposedServer(trace, { server: [process.execPath, MEMORY_SERVER], env: { MEMORY_FILE_PATH: `${dir}/memory.jsonl` } }));
    try {
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('create_entities');
      await client.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'a', entityType: 't', observations: ['o'] }] } });
      const graph = await client.callTool({ name: 'read_graph', arguments: {} });
      expect((resultJson(graph) as { entities: Array<{ name: string }> }).entities.map((e) => e.name)).toEqual(['a']);
    } finally {
      await client.close();
    }
    const t = readTrace(trace);
    for (const e of t) expect(TraceEntrySchema.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(callsPerTool(t)).toEqual({ create_entities: 1, read_graph: 1 });
    expect(t.filter((e) => e.type === 'message' && e.method === 'tools/list').map((e) => (e as TraceMessage).dir)).toEqual(['client->server', 'server->client']);
  });
});
