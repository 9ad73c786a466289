import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { build } from 'tsup';
import type { FaultScheduleInput, ResolvedServer } from '../../src/index.js';

export const PKG = fileURLToPath(new URL('../../', import.meta.url));
export const ROOT = path.resolve(PKG, '../..');
export const ENTRY = fileURLToPath(new URL('./fixtures/interpose-entry.ts', import.meta.url));
export const TINY_SERVER = fileURLToPath(new URL('./fixtures/tiny-server.mjs', import.meta.url));
export const MEMORY_SERVER = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

let bundled: string | undefined;
const made: string[] = [];

/** Remove the scratch directories and the bundle this test file made (call from `afterAll`). */
export function cleanupScratch(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  bundled = undefined;
}

/**
 * Bundle the interposer entry (with this package's sources) into one ES module, once per
 * test worker, so each interposer start is a plain `node` start instead of a TypeScript
 * loader start (seconds on a busy machine). It lives under node_modules/.cache so its
 * external imports (the SDK, zod, yaml) resolve. Call from `beforeAll`.
 */
export async function prepareInterposer(): Promise<void> {
  if (bundled) return;
  const outDir = path.join(ROOT, 'node_modules/.cache/run4-mcp-probe-test', String(process.pid));
  await build({
    entry: { 'interpose-entry': ENTRY },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/^@run4\//],
    silent: true,
    dts: false,
    sourcemap: false,
    config: false,
    esbuildOptions(o: { conditions?: string[] }) {
      o.conditions = ['@run4/source'];
    },
  });
  made.push(outDir);
  bundled = path.join(outDir, 'interpose-entry.js');
}

/** A scratch directory with a trace path in it. */
export function scratch(): { dir: string; trace: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-interpose-'));
  made.push(dir);
  return { dir, trace: path.join(dir, 'trace.jsonl') };
}

/** The interposer as a stdio server entry: `node interpose-entry.ts --trace T [--faults F] -- <server...>`. */
export function interposedServer(
  trace: string,
  options: { faults?: FaultScheduleInput; server?: string[]; env?: Record<string, string>; name?: string } = {},
): Extract<ResolvedServer, { transport: 'stdio' }> {
  if (!bundled) throw new Error('call prepareInterposer() in beforeAll first');
  const args = [bundled, '--trace', trace];
  if (options.faults) {
    const file = `${trace}.faults.json`;
    writeFileSync(file, JSON.stringify(options.faults));
    args.push('--faults', file);
  }
  args.push('--', ...(options.server ?? [process.execPath, TINY_SERVER]));
  return { name: options.name ?? 'interposed', transport: 'stdio', command: process.execPath, args, env: { ...options.env }, cwd: PKG };
}

/** An SDK client connected over stdio to `server` (roots capability on, so servers may ask for roots). */
export async function connectSdk(server: Extract<ResolvedServer, { transport: 'stdio' }>): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({ command: server.command, args: server.args, cwd: server.cwd, env: { ...(process.env as Record<string, string>), ...server.env }, stderr: 'pipe' });
  const client = new Client({ name: 'interposer-test', version: '0.0.1' }, { capabilities: { roots: {} } });
  await client.connect(transport, { timeout: 60_000 });
  return { client, transport };
}

/** Whether a process is alive (a zombie counts as dead). */
export function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    const state = readFileSync(stat, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Wait until `fn` holds, polling; false when the deadline passed first. */
export async function waitFor(fn: () => boolean, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return fn();
}

/** The first text content of a tool result, parsed as JSON. */
export function resultJson(result: unknown): unknown {
  const content = (result as { content: Array<{ type: string; text?: string }> }).content;
  return JSON.parse(content.find((c) => c.type === 'text')!.text!);
}
