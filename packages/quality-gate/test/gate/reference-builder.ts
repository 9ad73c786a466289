import { existsSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuilder, type BuilderResult } from '@run4/builder-runner';
import { execa, type ResultPromise } from 'execa';
import getPort from 'get-port';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI_DIST = join(REPO, 'apps/builder/dist/cli.js');
const CLI_SRC = join(REPO, 'apps/builder/src/cli.ts');
export const ORDER_OPENAPI = join(REPO, 'fixtures/tasktracker/sample_openapi_order.yaml');
export const JWT_SECRET = 'quality-gate-e2e-secret';

/** The reference builder's command: the built CLI, or its sources through tsx when it is not built. */
function builderCommand(plant: readonly string[]): string[] {
  const entry = existsSync(CLI_DIST) ? ['node', CLI_DIST] : ['node', '--import', 'tsx', CLI_SRC];
  return [...entry, '--cwd', '{dir}', '--depth', '{depth}', ...(plant.length > 0 ? ['--plant', plant.join(',')] : [])];
}

/** Build order-service with the reference builder (through @run4/builder-runner) into `dir`. */
export async function buildOrderService(dir: string, plant: readonly string[]): Promise<BuilderResult> {
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  copyFileSync(ORDER_OPENAPI, join(dir, 'contracts/openapi.yaml'));
  writeFileSync(join(dir, 'config.yaml'), 'depth: thorough\nservice:\n  name: order-service\n  port: 8080\ncontracts:\n  openapi: contracts/openapi.yaml\n');
  return runBuilder({ service_id: 'order-service', dir, depth: 'thorough' }, { command: builderCommand(plant), timeoutMs: 120_000 });
}

/** A generated service started with `node src/server.js` on a free loopback port. */
export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Start a generated service and wait until it says it is listening (its
 * "service started" log line) and answers HTTP. A port taken by another
 * process between choosing and binding makes the service exit: then it is
 * started again on another port, so the test never talks to a stranger.
 */
export async function startGenerated(dir: string): Promise<RunningService> {
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await getPort({ host: '127.0.0.1' });
    const child: ResultPromise = execa('node', ['src/server.js'], {
      cwd: dir,
      env: { PORT: String(port), JWT_SECRET, DATA_DIR: join(dir, 'data'), SERVICE_NAME: 'order-service', LOG_LEVEL: 'info' },
      reject: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async (): Promise<void> => {
      child.kill('SIGTERM');
      await child;
    };
    const listening = await new Promise<boolean>((resolve) => {
      let out = '';
      const timer = setTimeout(() => resolve(false), 120_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (/"msg":"service started"/.test(out)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        last = (last + chunk.toString('utf8')).slice(-2000);
      });
      void child.then(() => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (listening && (await fetch(`${url}/health`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.status > 0, () => false))) return { url, stop };
    await stop();
  }
  throw new Error(`generated service in ${dir} did not start (5 attempts); last stderr: ${last}`);
}

/** An HS256 access token the generated services accept (they verify with JWT_SECRET). */
export function accessToken(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ sub: '0b8e7d6c-5a4b-4c3d-8e2f-1a0b9c8d7e6f', email: 'alice@example.com', type: 'access', iat: now, exp: now + 3600 });
  return `${head}.${body}.${createHmac('sha256', JWT_SECRET).update(`${head}.${body}`).digest('base64url')}`;
}
