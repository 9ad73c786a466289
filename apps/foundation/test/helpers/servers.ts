import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export type ServiceName = 'architect' | 'contract-engine' | 'codebase-intelligence';

/** A fresh temporary directory removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `run4-foundation-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Connect an SDK client to the built stdio server of a service. */
export async function connectMcp(service: ServiceName, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(APP_DIR, 'dist', service, 'mcp.js')],
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'foundation-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A running HTTP server process. */
export interface HttpServer {
  url: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

/** Start the built HTTP server of a service on a free loopback port and wait for /api/health. */
export async function startHttpServer(service: ServiceName, env: Record<string, string>): Promise<HttpServer> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(APP_DIR, 'dist', service, 'http.js')], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${service} http exited (${proc.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${service} http did not become healthy in 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  return { url, proc, stop };
}

/** Call a tool and return `{ isError, text, json }`. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ isError: boolean; text: string; json: unknown; structured: unknown }> {
  const res = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: unknown };
  const text = res.content.map((c) => c.text ?? '').join('');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { isError: res.isError === true, text, json, structured: res.structuredContent };
}
