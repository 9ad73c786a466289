import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServers, type ProbeReport } from '../src/index.js';

// Streamable HTTP: the probe reaches a server it did not start, by URL.
let child: ChildProcess;
let report: ProbeReport;

beforeAll(async () => {
  child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/http-server.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error('http fixture exited')));
  });
  report = await probeServers({ servers: [{ name: 'web', transport: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: {} }], timeouts: { callMs: 5000 }, latencySamples: 1 });
}, 60_000);

afterAll(async () => {
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
});

const rec = (id: string) => report.checks.find((c) => c.id === id);

describe('streamable HTTP server', () => {
  it('handshakes, lists and round-trips its tool', () => {
    expect(report.servers[0]).toMatchObject({ transport: 'http', status: 'healthy', toolNames: ['echo'] });
    expect(rec('mcp.web.handshake')?.status).toBe('PASS');
    expect(rec('mcp.web.echo.valid')?.evidence).toContain('echo: run4-probe');
    expect(rec('mcp.web.echo.invalid')?.status).toBe('PASS');
    expect(rec('mcp.web.unknown-tool')?.status).toBe('PASS');
    expect(rec('mcp.web.lifecycle.sequential')?.status).toBe('PASS');
  });

  it('skips kill-and-reconnect, saying why (the probe does not own the process)', () => {
    expect(rec('mcp.web.lifecycle.kill-reconnect')).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining('does not own its process') });
  });
});
