import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuilderRunnerError, FleetResultSchema, LOG_DIR_RELATIVE, runBuilders, type BuilderProgressEvent } from '../src/index.js';
import { fixtureCommand, GENEROUS_TIMEOUT_MS, removeTempDirs, tempDir, waitFor } from './helpers.js';

afterAll(removeTempDirs);

describe('runBuilders', () => {
  it('never runs a fourth builder before one of the first three has ended (timestamps from the builders themselves)', async () => {
    const root = await tempDir();
    const specs = ['a', 'b', 'c', 'd', 'e'].map((s) => ({ service_id: s, dir: join(root, s) }));
    const events: BuilderProgressEvent[] = [];
    // Each builder waits until three have started (a barrier in their own files), so
    // "the first three ran at the same time" holds however slow the machine is.
    const fleet = await runBuilders(specs, {
      command: fixtureCommand('good-builder.mjs', ['--barrier', join(root, 'barrier'), '--barrier-count', '3']),
      maxConcurrent: 3,
      onProgress: (e) => events.push(e),
    });
    FleetResultSchema.parse(fleet);
    expect(fleet).toMatchObject({ total: 5, succeeded: 5, failed: 0, max_concurrent: 3, peak_concurrency: 3 });
    const runs = await Promise.all(
      specs.map(async (s) => JSON.parse(await readFile(join(s.dir, 'run.json'), 'utf8')) as { startedAt: number; endedAt: number }),
    );
    // At every builder's start, count the builders (by their own clocks) that were running.
    for (const run of runs) {
      const overlapping = runs.filter((o) => o.startedAt <= run.startedAt && o.endedAt > run.startedAt).length;
      expect(overlapping).toBeLessThanOrEqual(3);
    }
    const sorted = [...runs].sort((x, y) => x.startedAt - y.startedAt);
    const firstEnd = Math.min(...sorted.slice(0, 3).map((r) => r.endedAt));
    expect((sorted[3] as { startedAt: number }).startedAt).toBeGreaterThanOrEqual(firstEnd);
    // The first three did run at the same time.
    expect(Math.max(...sorted.slice(0, 3).map((r) => r.startedAt))).toBeLessThan(firstEnd);
    expect(events.filter((e) => e.type === 'started')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(5);
    expect(fleet.total_cost).toBeCloseTo(1.25);
  });

  it('reports crash, timeout and malformed STATE.json each correctly while the good builder finishes', async () => {
    const root = await tempDir();
    // A generous timeout: the good, crash and malformed builders must finish before it
    // fires even on a loaded machine; the hang builder waits it out.
    const fleet = await runBuilders(
      [
        { service_id: 'good', dir: join(root, 'good'), command: fixtureCommand('good-builder.mjs') },
        { service_id: 'crash', dir: join(root, 'crash'), command: fixtureCommand('crash-builder.mjs') },
        { service_id: 'hang', dir: join(root, 'hang'), command: fixtureCommand('hang-builder.mjs') },
        { service_id: 'malformed', dir: join(root, 'malformed'), command: fixtureCommand('malformed-builder.mjs') },
      ],
      { maxConcurrent: 4, timeoutMs: GENEROUS_TIMEOUT_MS, killGraceMs: 200 },
    );
    const byService = Object.fromEntries(fleet.results.map((r) => [r.service_id, r]));
    expect(byService.good).toMatchObject({ success: true, test_passed: 9 });
    expect(byService.crash).toMatchObject({ success: false, failure: 'crash', exit_code: 3 });
    expect(byService.hang).toMatchObject({ success: false, failure: 'timeout' });
    expect(byService.malformed).toMatchObject({ success: false, failure: 'state_invalid' });
    expect(fleet).toMatchObject({ total: 4, succeeded: 1, failed: 3 });
  });

  it('turns a builder dir that cannot be created into a failed result without losing the others', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'not-a-dir'), 'plain file');
    const fleet = await runBuilders(
      [
        { service_id: 'good', dir: join(root, 'good') },
        { service_id: 'blocked', dir: join(root, 'not-a-dir', 'svc') },
      ],
      { command: fixtureCommand('good-builder.mjs') },
    );
    expect(fleet.results[0]).toMatchObject({ service_id: 'good', success: true });
    expect(fleet.results[1]).toMatchObject({ service_id: 'blocked', success: false, failure: 'spawn_error' });
    expect(fleet.results[1]?.error).toMatch(/could not run in .*not-a-dir\/svc: ENOTDIR/);
  });

  it('refuses builders sharing a directory before starting any', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'a'), { recursive: true });
    await expect(
      runBuilders(
        [
          { service_id: 'a', dir: join(root, 'a') },
          { service_id: 'b', dir: join(root, 'a', 'nested') },
        ],
        { command: fixtureCommand('good-builder.mjs') },
      ),
    ).rejects.toThrow(BuilderRunnerError);
  });

  it('marks builders not yet started as aborted when the signal fires (Ctrl+C)', async () => {
    const root = await tempDir();
    const controller = new AbortController();
    const running = runBuilders(
      ['a', 'b', 'c'].map((s) => ({ service_id: s, dir: join(root, s) })),
      { command: fixtureCommand('hang-builder.mjs'), maxConcurrent: 1, signal: controller.signal, killGraceMs: 200 },
    );
    // Ctrl+C while the first builder runs: abort once it has printed its first line, not after a fixed time.
    const firstLog = join(root, 'a', LOG_DIR_RELATIVE, 'builder-stdout.log');
    await waitFor(async () => existsSync(firstLog) && (await readFile(firstLog, 'utf8')).includes('thinking'), 'the first builder to start');
    controller.abort();
    const fleet = await running;
    expect(fleet.results.map((r) => r.failure)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(fleet.results[1]?.exit_code).toBeNull();
  });
});
