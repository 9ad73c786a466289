import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { freePort } from '../src/verify/health-gate.js';

const here = dirname(fileURLToPath(import.meta.url));
export const CLI = resolve(here, '../dist/cli.js');
export const TASKTRACKER = resolve(here, '../../../fixtures/tasktracker');
export const OWN_FIXTURES = resolve(here, 'fixtures');

/** A scratch root removed by {@link removeScratch}. */
export function scratch(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `run4-builder-${prefix}-`));
}

export async function removeScratch(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Lay out a builder dir the way the runner does: contracts/ plus config.yaml. */
export async function builderDir(
  root: string,
  name: string,
  contracts: { openapi: string; asyncapi?: string },
  extraConfig = '',
): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'contracts'), { recursive: true });
  await copyFile(contracts.openapi, join(dir, 'contracts/openapi.yaml'));
  if (contracts.asyncapi) await copyFile(contracts.asyncapi, join(dir, 'contracts/asyncapi.yaml'));
  const config = [
    'depth: standard',
    'milestone: { enabled: true, health_gate: true }',
    `service: { name: ${name}, port: 8080 }`,
    'contracts:',
    '  openapi: contracts/openapi.yaml',
    ...(contracts.asyncapi ? ['  asyncapi: contracts/asyncapi.yaml'] : []),
    extraConfig,
  ].join('\n');
  await writeFile(join(dir, 'config.yaml'), `${config}\n`);
  return dir;
}

/** Run the built CLI (dist/cli.js) as a real process. */
export function runCli(args: string[]) {
  return execa(process.execPath, [CLI, ...args], { reject: false, timeout: 120_000, env: { SCARF_ANALYTICS: 'false' } });
}

export interface RunningService {
  url: string;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Start a generated service as its Dockerfile CMD would (`node src/server.js`) on a free loopback port. */
export async function startService(dir: string, env: Record<string, string> = {}, waitPath = '/health'): Promise<RunningService> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'run4-builder-data-'));
  const child: ResultPromise = execa(process.execPath, ['src/server.js'], {
    cwd: dir,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    extendEnv: false,
    reject: false,
    buffer: false,
    forceKillAfterDelay: 2000,
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await child;
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}${waitPath}`, { signal: AbortSignal.timeout(500) });
      return { url, port, output: () => out, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`service in ${dir} did not start on port ${port}:\n${out}`);
}

export const newSecret = (): string => randomBytes(24).toString('hex');

/** JSON request helper. */
export async function http(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown> & unknown[]) : undefined };
}

/** Poll `fn` until it returns a truthy value or `ms` pass. */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
