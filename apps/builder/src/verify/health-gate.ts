import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';

/**
 * A free TCP port on 127.0.0.1.
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** The gate's verdict; `answer` is the health route's 2xx answer (JSON body when it sent JSON). */
export interface HealthGateResult {
  passed: boolean;
  detail: string;
  answer?: { status: number; body: unknown };
}

/**
 * Milestone health gate: start the built service exactly as its Dockerfile
 * CMD does (`node src/server.js`, data under `.agent-team/health-gate-data`,
 * removed afterwards) on a free loopback port and poll its
 * health route until it answers 2xx (or `timeoutMs` passes). The process is
 * always stopped.
 *
 * @example
 * const gate = await healthGate('/tmp/b/order-service', '/health');
 */
export async function healthGate(dir: string, healthPath: string, timeoutMs = 8000): Promise<HealthGateResult> {
  const port = await freePort();
  const dataDir = join(dir, '.agent-team', 'health-gate-data');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const child = execa(process.execPath, ['src/server.js'], {
    cwd: dir,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', JWT_SECRET: randomBytes(16).toString('hex') },
    extendEnv: true,
    reject: false,
    stdio: 'ignore',
    forceKillAfterDelay: 2000,
  });
  const url = `http://127.0.0.1:${port}${healthPath}`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  try {
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (res.ok) {
          const text = await res.text().catch(() => '');
          let body: unknown;
          try {
            body = text ? (JSON.parse(text) as unknown) : undefined;
          } catch {
            body = undefined;
          }
          return { passed: true, detail: `GET ${healthPath} answered ${res.status}`, answer: { status: res.status, body } };
        }
        // The service is up and says the route is not there: no point waiting.
        if (res.status >= 400 && res.status < 500) return { passed: false, detail: `GET ${healthPath} answered ${res.status}` };
        last = `GET ${healthPath} answered ${res.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    return { passed: false, detail: child.exitCode !== null ? `service exited with ${child.exitCode} before answering` : `${last} within ${timeoutMs} ms` };
  } finally {
    child.kill('SIGTERM');
    await child;
    await rm(dataDir, { recursive: true, force: true });
  }
}
