import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '@run4/checks';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BuilderResultSchema,
  CommandTemplateError,
  generateBuilderConfig,
  readBuilderConfig,
  runBuilder,
  type BuilderProgressEvent,
} from '../src/index.js';
import { fixtureCommand, GENEROUS_TIMEOUT_MS, removeTempDirs, tempDir, waitFor } from './helpers.js';

const pidsToKill: number[] = [];
afterAll(async () => {
  for (const pid of pidsToKill) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await removeTempDirs();
});

describe('runBuilder', () => {
  it('runs a good builder in its dir, writes config.yaml first, reads STATE.json into a BuilderResult', async () => {
    const dir = join(await tempDir(), 'order-service');
    const events: BuilderProgressEvent[] = [];
    const result = await runBuilder(
      { service_id: 'order-service', dir, depth: 'quick', config: generateBuilderConfig('quick', { service: { name: 'order-service', port: 8080 } }) },
      { command: fixtureCommand('good-builder.mjs'), onProgress: (e) => events.push(e) },
    );
    expect(BuilderResultSchema.parse(result)).toStrictEqual(result);
    expect(result).toMatchObject({ success: true, failure: null, exit_code: 0, cost: 0.25, test_passed: 9, test_total: 10, convergence_ratio: 0.9, health: 'passed' });
    expect(result.command).toContain('quick');
    expect(result.artifacts).toEqual(expect.arrayContaining(['config.yaml', 'src/server.js', '.agent-team/STATE.json']));
    expect(await readFile(result.stdout_file, 'utf8')).toContain(`building in ${dir} at depth quick`);
    expect(await readFile(result.stderr_file, 'utf8')).toContain('done');
    expect((await readBuilderConfig(dir)).service?.name).toBe('order-service');
    expect(events.map((e) => e.type)).toEqual(['started', 'finished']);
  });

  it('reports a crash with its exit code and stderr tail', async () => {
    const result = await runBuilder({ service_id: 'auth-service', dir: await tempDir() }, { command: fixtureCommand('crash-builder.mjs') });
    expect(result.success).toBe(false);
    expect(result.failure).toBe('crash');
    expect(result.exit_code).toBe(3);
    expect(result.error).toMatch(/exited with code 3.*could not read contracts\/openapi\.yaml/);
  });

  it('kills a hanging builder at its timeout even when it ignores SIGTERM', async () => {
    // The timeout is generous so the fixture has installed its SIGTERM handler
    // before it fires, even on a loaded machine (its stderr proves it did).
    const result = await runBuilder(
      { service_id: 'hang', dir: await tempDir() },
      { command: fixtureCommand('hang-builder.mjs'), timeoutMs: GENEROUS_TIMEOUT_MS, killGraceMs: 300 },
    );
    expect(result).toMatchObject({ success: false, failure: 'timeout', timed_out: true });
    expect(result.error).toContain(`timed out after ${GENEROUS_TIMEOUT_MS} ms`);
    expect(await readFile(result.stderr_file, 'utf8')).toContain('ignoring SIGTERM');
  });

  it('reports a malformed STATE.json with each field path, expected type and actual value', async () => {
    const result = await runBuilder({ service_id: 'notification-service', dir: await tempDir() }, { command: fixtureCommand('malformed-builder.mjs') });
    expect(result.failure).toBe('state_invalid');
    expect(result.error).toContain('summary.test_total: expected number, got "3" (string)');
    expect(result.error).toContain('summary.convergence_ratio: expected number, got missing');
    expect(result.error).toContain('health: expected one of "passed" | "partial" | "failed" | "unknown", got missing');
  });

  it('reports a builder that exits 0 without STATE.json as state_missing', async () => {
    const result = await runBuilder({ service_id: 'x', dir: await tempDir() }, { command: [process.execPath, '-e', 'process.exit(0)'] });
    expect(result.failure).toBe('state_missing');
    expect(result.error).toMatch(/STATE\.json was not written/);
  });

  it('reports summary.success=false as a failed result with the builder numbers', async () => {
    const result = await runBuilder({ service_id: 'x', dir: await tempDir() }, { command: fixtureCommand('good-builder.mjs', ['--success', 'false']) });
    expect(result).toMatchObject({ success: false, failure: 'reported_failure', test_passed: 9 });
  });

  it('leaves no orphan: a timed-out builder and the grandchild it spawned are both killed', async () => {
    const dir = await tempDir();
    // Generous timeout: the fixture must have spawned its grandchild (and written its pid) before it fires.
    const result = await runBuilder({ service_id: 'gc', dir }, { command: fixtureCommand('grandchild-builder.mjs'), timeoutMs: GENEROUS_TIMEOUT_MS, killGraceMs: 300 });
    expect(existsSync(join(dir, 'grandchild.pid')), `the fixture did not start its grandchild within ${GENEROUS_TIMEOUT_MS} ms`).toBe(true);
    const grandchild = Number(await readFile(join(dir, 'grandchild.pid'), 'utf8'));
    pidsToKill.push(grandchild);
    expect(result.failure).toBe('timeout');
    expect(isProcessAlive(grandchild)).toBe(false);
  });

  it('kills a grandchild left behind by a builder that exited normally', async () => {
    const dir = await tempDir();
    const result = await runBuilder({ service_id: 'gc', dir }, { command: fixtureCommand('grandchild-builder.mjs', ['--exit', 'yes']), killGraceMs: 300 });
    const grandchild = Number(await readFile(join(dir, 'grandchild.pid'), 'utf8'));
    pidsToKill.push(grandchild);
    expect(result.success).toBe(true);
    expect(result.leftover_processes_killed).toBe(true);
    expect(isProcessAlive(grandchild)).toBe(false);
  });

  it('caps captured stdout and says how much was dropped', async () => {
    const result = await runBuilder(
      { service_id: 'loud', dir: await tempDir() },
      { command: fixtureCommand('good-builder.mjs', ['--spam', '50000']), maxOutputBytes: 1000 },
    );
    expect(result.stdout_truncated).toBe(true);
    const log = await readFile(result.stdout_file, 'utf8');
    expect(log.length).toBeLessThan(1200);
    expect(log).toMatch(/output truncated at 1000 bytes; \d+ more bytes dropped/);
  });

  it('reports a command that cannot be started as spawn_error', async () => {
    const result = await runBuilder({ service_id: 'x', dir: await tempDir() }, { command: 'definitely-not-a-builder-binary --cwd {dir}' });
    expect(result.failure).toBe('spawn_error');
    expect(result.error).toMatch(/could not be started/);
  });

  it('rejects an unknown placeholder before starting anything', async () => {
    await expect(runBuilder({ service_id: 'x', dir: await tempDir() }, { command: 'node b.js --cwd {dir} --mode {mode}' })).rejects.toThrow(CommandTemplateError);
  });

  it('kills the builder group when the AbortSignal fires', async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const pidFile = join(dir, 'grandchild.pid');
    const running = runBuilder({ service_id: 'gc', dir }, { command: fixtureCommand('grandchild-builder.mjs'), signal: controller.signal, killGraceMs: 300 });
    // Abort once the grandchild exists (its pid file is written), not after a fixed time.
    await waitFor(async () => existsSync(pidFile) && (await readFile(pidFile, 'utf8')).trim() !== '', 'the fixture to write grandchild.pid');
    controller.abort();
    const result = await running;
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    pidsToKill.push(grandchild);
    expect(result.failure).toBe('aborted');
    expect(isProcessAlive(grandchild)).toBe(false);
  });
});
