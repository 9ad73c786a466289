import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServers, type ProbeProfile } from '../../src/index.js';
import { childPids, fixtureServer, waitFor } from '../helpers.js';

// The fixture's get_contracts_for_service calls CONTRACT_ENGINE_URL over HTTP, as the architect does.
let http: Server;
let items: unknown[] = [];
let url = '';
beforeAll(async () => {
  http = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/health') return res.end('{"status":"healthy"}');
    if (req.url?.startsWith('/api/contracts')) return res.end(JSON.stringify({ items }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => http.close(r));
  expect(await waitFor(() => childPids().length === 0)).toBe(true);
});

const profile: ProbeProfile = {
  name: 'xs',
  servers: {
    architect: {
      tools: ['echo', 'store', 'fetch', 'get_contracts_for_service'],
      handshakeRequirementIds: [],
      inventoryRequirementIds: [],
      wiringRequirementIds: [],
      lifecycleCall: { tool: 'echo', args: () => ({ message: 'x' }) },
      specs: {},
    },
  },
};
const probe = async (contractEngineUrl: string) => {
  const r = await probeServers({ callTools: 'all',
    servers: [fixtureServer('configurable-server.mjs', 'architect', { CONTRACT_ENGINE_URL: contractEngineUrl })],
    profile,
    timeouts: { callMs: 5000 },
    latencySamples: 0,
  });
  return r.crossServer.find((c) => c.id === 'mcp.cross-server.architect-contract-engine');
};

describe('architect → Contract Engine HTTP (R4-M2-008)', () => {
  it('passes when the HTTP side is up and returns contracts', async () => {
    items = [{ id: 'c1', role: 'provider', type: 'openapi', counterparty: 'order-service', summary: 'auth API' }];
    const rec = await probe(url);
    expect(rec?.status).toBe('PASS');
    expect(rec?.evidence).toContain('returned 1 contracts');
  });

  it('warns when the HTTP side is up but knows no contract for the service', async () => {
    items = [];
    expect((await probe(url))?.status).toBe('WARN');
  });

  it('fails and states the hidden dependency when the HTTP side is down', async () => {
    const rec = await probe('http://127.0.0.1:9');
    expect(rec?.status).toBe('FAIL');
    expect(rec?.evidence).toContain('hidden dependency');
    expect(rec?.evidence).toContain('http://127.0.0.1:9');
    expect(rec?.requirementIds).toEqual(expect.arrayContaining(['R4-M2-008', 'B1-19']));
  });
});
