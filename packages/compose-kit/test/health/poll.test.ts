import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateHealth, checkServiceHealth, pollUntilHealthy } from '../../src/index.js';
import { waitFor } from '../helpers.js';

let server: http.Server;
let base = '';
let closedUrl = '';
const counters: Record<string, number> = {};

beforeAll(async () => {
  // /warm: 503 twice, then 200; /flaky: 200, 503, 200, 200 ...; /down: always 503
  server = http.createServer((req, res) => {
    const n = (counters[req.url!] = (counters[req.url!] ?? 0) + 1);
    const ok = req.url === '/up' || (req.url === '/warm' && n > 2) || (req.url === '/flaky' && n !== 2);
    res.writeHead(ok ? 200 : 503).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/health`;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('pollUntilHealthy', () => {
  it('waits until each service has the required consecutive successes', async () => {
    const out = await pollUntilHealthy({ warm: `${base}/warm`, up: `${base}/up` }, { timeout: 30_000, interval: 20, requiredConsecutive: 2 });
    expect(out.allHealthy).toBe(true);
    expect(out.endedBy).toBe('healthy');
    expect(counters['/warm']).toBe(4); // 503, 503, 200, 200
    expect(out.healthyAfterMs.warm).toBeGreaterThanOrEqual(out.healthyAfterMs.up!);
  });

  it('resets the streak on a failure', async () => {
    const out = await pollUntilHealthy({ flaky: `${base}/flaky` }, { timeout: 30_000, interval: 10, requiredConsecutive: 2 });
    expect(out.allHealthy).toBe(true);
    expect(counters['/flaky']).toBe(4); // 200, 503 (reset), 200, 200
  });

  it('gives up at the timeout and reports the last error per service', async () => {
    // 2 s: every service gets at least one real answer before the deadline, even on a busy machine
    const out = await pollUntilHealthy({ down: `${base}/down`, gone: closedUrl }, { timeout: 2000, interval: 50 });
    expect(out.allHealthy).toBe(false);
    expect(out.endedBy).toBe('timeout');
    const agg = aggregateHealth(out.results);
    expect(agg).toMatchObject({ total_services: 2, healthy_services: 0, all_healthy: false, unhealthy_services: ['down', 'gone'] });
    expect(agg.errors.down).toBe('HTTP 503');
    expect(agg.errors.gone).toMatch(/ECONNREFUSED/);
    expect(agg.response_times_ms.down).toBeGreaterThan(0);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const polling = pollUntilHealthy({ down: `${base}/down-then-abort` }, { timeout: 600_000, interval: 30, signal: ac.signal });
    // abort once the poller has really asked, not after a fixed time
    await waitFor(() => (counters['/down-then-abort'] ?? 0) > 0, 'the first health request');
    ac.abort();
    const out = await polling;
    expect(out.endedBy).toBe('aborted');
  });
});

describe('checkServiceHealth', () => {
  it('treats a non-200 as unhealthy and never throws', async () => {
    expect(await checkServiceHealth('u', `${base}/up`)).toMatchObject({ healthy: true, status_code: 200, error: '' });
    expect(await checkServiceHealth('d', closedUrl)).toMatchObject({ healthy: false, status_code: 0 });
  });
});
