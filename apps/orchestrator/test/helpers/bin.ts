import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built `super-orchestrator` bin. */
export const BIN = resolve(__dirname, '../../dist/cli.js');
/** The repository root. */
export const REPO = resolve(__dirname, '../../../..');

/** Fail with the build instruction when a dist is missing. */
export function requireBuilt(file: string, how: string): void {
  if (!existsSync(file)) throw new Error(`${file} is missing: build it first (${how})`);
}

/**
 * Run the bin synchronously.
 *
 * @example
 * const r = runBin(['status'], '/tmp/x');
 */
export function runBin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  requireBuilt(BIN, 'cd apps/orchestrator && npx tsup');
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000 });
}

/** Start the bin without waiting. */
export function spawnBin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  requireBuilt(BIN, 'cd apps/orchestrator && npx tsup');
  return spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Poll until `probe` returns a value (not undefined), or throw after `timeoutMs`.
 *
 * @example
 * const state = await waitFor(() => readState(dir)?.current_state === 'builders_running' || undefined, 60_000, 'builders_running');
 */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
