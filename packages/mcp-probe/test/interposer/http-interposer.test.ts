import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callsPerTool, MALFORMED_TEXT, readTrace, startHttpInterposer, toolAttempts, type TraceMessage } from '../../src/index.js';
import { resultJson, scratch, cleanupScratch } from './helpers.js';

afterAll(cleanupScratch);

let upstream: Server;
let target = '';

beforeAll(async () => {
  // A stateless streamable-HTTP server answering over SSE (one McpServer per request).
  upstream = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const server = new McpServer({ name: 'http-sse-fixture', version: '0.0.1' });
    server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text: JSON.stringify({ echo: text }) }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

describe('HTTP interposer (streamable HTTP, SSE answers) seen by a real SDK client', { timeout: 60_000 }, () => {
  it('forwards and records calls, and injects transient, malformed, delay and dropped-connection faults', async () => {
    const { trace } = scratch();
    const h = await startHttpInterposer({
      target,
      tracePath: trace,
      faults: {
        rules: [
          { tool: 'echo', calls: { from: 2, to: 2 }, fault: { kind: 'transient-error' } },
          { tool: 'echo', calls: { from: 3, to: 3 }, fault: { kind: 'malformed-result' } },
          { tool: 'echo', calls: { from: 4, to: 4 }, fault: { kind: 'delay', ms: 300 } },
          { tool: 'echo', calls: { from: 5, to: 5 }, fault: { kind: 'server-dies' } },
        ],
      },
    });
    const client = new Client({ name: 'http-interposer-test', version: '0.0.1' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', h.url)));
    try {
      expect(resultJson(await client.callTool({ name: 'echo', arguments: { text: 'a' } }))).toEqual({ echo: 'a' });
      const transient = await client.callTool({ name: 'echo', arguments: { text: 'b' } }).catch((e: unknown) => e);
      expect((transient as McpError).code).toBe(ErrorCode.RequestTimeout);
      const bad = await client.callTool({ name: 'echo', arguments: { text: 'c' } });
      expect((bad.content as Array<{ text: string }>)[0]!.text).toBe(MALFORMED_TEXT);
      const t0 = performance.now();
      expect(resultJson(await client.callTool({ name: 'echo', arguments: { text: 'd' } }))).toEqual({ echo: 'd' });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
      const dropped = await client.callTool({ name: 'echo', arguments: { text: 'e' } }, undefined, { timeout: 20_000 }).catch((e: unknown) => e);
      expect(dropped).toBeInstanceOf(Error);
      expect(resultJson(await client.callTool({ name: 'echo', arguments: { text: 'f' } }))).toEqual({ echo: 'f' });
    } finally {
      await client.close();
      await h.close();
    }
    const t = readTrace(trace);
    expect(callsPerTool(t)).toEqual({ echo: 6 });
    expect(toolAttempts(t, 'echo').map((a) => [a.outcome, a.fault ?? null])).toEqual([
      ['result', null],
      ['error', 'transient-error'],
      ['result', 'malformed-result'],
      ['result', 'delay'],
      ['no-answer', 'server-dies'],
      ['result', null],
    ]);
    const init = t.filter((e): e is TraceMessage => e.type === 'message' && e.method === 'initialize');
    expect(init.map((m) => m.dir)).toEqual(['client->server', 'server->client']);
  });
});
