import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectRegressions, FixLoopViolationSchema, FixPassSnapshotSchema, takeSnapshot, writeSnapshot } from '../src/index.js';
import { fail, HEALTH, LOG, pass, SCHEMA } from './helpers.js';

const parse = (list: unknown[]) => list.map((x) => FixLoopViolationSchema.parse(x));
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('takeSnapshot / writeSnapshot', () => {
  it('records {code: [service/file]} and {check: passed} and writes m5_fix_snapshots/fix_pass_N_phase.json', async () => {
    const snap = takeSnapshot(2, 'before', [pass('a'), fail('b')], parse([HEALTH, LOG]));
    expect(snap.violations).toEqual({ 'HEALTH-001': ['order-service/src/server.js'], 'LOG-001': ['auth-service/src/server.js'] });
    expect(snap.test_results).toEqual({ a: true, b: false });
    const dir = await mkdtemp(join(tmpdir(), 'fixloop-snap-'));
    dirs.push(dir);
    const path = await writeSnapshot(dir, snap);
    expect(path).toBe(join(dir, 'm5_fix_snapshots', 'fix_pass_2_before.json'));
    expect(FixPassSnapshotSchema.parse(JSON.parse(await readFile(path, 'utf8')))).toEqual(snap);
  });
});

describe('detectRegressions', () => {
  it('reports nothing when fixes only removed violations', () => {
    const before = takeSnapshot(1, 'before', [pass('a')], parse([HEALTH, LOG]));
    const after = takeSnapshot(1, 'after', [pass('a')], parse([LOG]));
    expect(detectRegressions(before, after)).toEqual([]);
  });
  it('flags a violation fixed earlier that reappears, a new violation, and a check that now fails', () => {
    const before = takeSnapshot(2, 'before', [pass('a'), pass('gone')], parse([LOG]));
    const after = takeSnapshot(2, 'after', [fail('a')], parse([LOG, HEALTH, SCHEMA]));
    const found = detectRegressions(before, after, new Set(['HEALTH-001 order-service/src/server.js']));
    expect(found.map((r) => [r.kind, r.subject])).toEqual([
      ['violation-reappeared', 'HEALTH-001 order-service/src/server.js'],
      ['new-violation', 'SCHEMA-001 order-service/src/routes/orders.js'],
      ['check-now-failing', 'a'],
      ['check-now-failing', 'gone'],
    ]);
    expect(found[2]?.message).toBe('REGRESSION: a passed in fix pass #2 (before) but failed after');
  });
});
