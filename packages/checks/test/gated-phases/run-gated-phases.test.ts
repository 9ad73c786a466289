import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { check, phaseStatus, readPhaseCheckpoint, runGatedPhases, type CheckRecord, type GatedPhase, type GatedPhaseContext, type GatedPhaseOutput } from '../../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gated-'));
  dirs.push(dir);
  const lines: string[] = [];
  const ran: string[] = [];
  const ctx: GatedPhaseContext = { data: {} };
  const phase = (name: string, out: (ctx: GatedPhaseContext) => GatedPhaseOutput, needs?: string): GatedPhase<GatedPhaseContext> => ({
    name, title: `${name} title`, ...(needs ? { needs } : {}),
    run: async (c) => {
      ran.push(name);
      return out(c);
    },
  });
  const options = {
    ctx, file: path.join(dir, 'pipeline.json'), runId: 'run-1', previous: null, idPrefix: 'x', requirementIds: ['R-1'], label: 'X',
    signal: new AbortController().signal, onStart: (i: number, p: { name: string }) => void lines.push(`start ${i} ${p.name}`),
    info: (l: string) => void lines.push(l), detail: (l: string) => void lines.push(l), onCheck: (c: CheckRecord) => void lines.push(`check ${c.id} ${c.status}`),
  };
  return { dir, lines, ran, ctx, phase, options };
}

const pass = (id: string): GatedPhaseOutput => ({ checks: [check(id, id, 'PASS', 'ok')], data: { from: id } });

describe('runGatedPhases', () => {
  it('runs every phase in order, checkpoints each, and hands data to later phases', async () => {
    const { ran, phase, options, lines } = setup();
    const seen: unknown[] = [];
    const result = await runGatedPhases({
      ...options,
      phases: [phase('a', () => pass('x.a')), phase('b', (c) => (seen.push(c.data.a?.from), pass('x.b')))],
    });
    expect(ran).toEqual(['a', 'b']);
    expect(seen).toEqual(['x.a']);
    expect(result.stoppedBy).toBeNull();
    expect(result.ran).toBe(true);
    expect(result.checks.map((c) => c.id)).toEqual(['x.a', 'x.b']);
    expect(lines).toEqual(['start 0 a', 'check x.a PASS', 'start 1 b', 'check x.b PASS']);
    const file = readPhaseCheckpoint(options.file, 'run-1');
    expect(Object.keys(file!.phases)).toEqual(['a', 'b']);
    expect(file!.phases.b!.status).toBe('PASS');
    expect(readPhaseCheckpoint(options.file, 'another-run')).toBeNull();
  });

  it('stops at a failed gate: later phases are recorded SKIP with the reason and the run is not complete', async () => {
    const { ran, phase, options, lines } = setup();
    const result = await runGatedPhases({
      ...options,
      phases: [phase('a', () => ({ checks: [check('x.a', 'a', 'FAIL', 'down')], data: {}, gateFailed: 'nothing up' })), phase('b', () => pass('x.b'))],
    });
    expect(ran).toEqual(['a']);
    expect(result.stoppedBy).toBe('phase "a" failed its gate: nothing up');
    expect(result.ran).toBe(false);
    expect(result.checkpoint.phases.a).toMatchObject({ status: 'FAIL', gate_failed: 'nothing up' });
    expect(result.checkpoint.phases.b!.checks[0]).toMatchObject({ id: 'x.b', status: 'SKIP', evidence: 'not run: phase "a" failed its gate: nothing up', requirementIds: ['R-1'] });
    expect(lines).toContain('X stops: phase "a" failed its gate: nothing up');
  });

  it('records a phase that throws as a FAIL and goes on', async () => {
    const { ran, phase, options } = setup();
    const result = await runGatedPhases({
      ...options,
      phases: [phase('a', () => {
        throw new Error('boom');
      }), phase('b', () => pass('x.b'))],
    });
    expect(ran).toEqual(['a', 'b']);
    expect(result.checks[0]).toMatchObject({ id: 'x.a.error', name: 'a title ran', status: 'FAIL', evidence: 'threw: boom', requirementIds: ['R-1'] });
    expect(result.stoppedBy).toBeNull();
  });

  it('resumes from the first phase that did not pass, running again a kept phase a later one needs', async () => {
    const first = setup();
    const phases = (s: ReturnType<typeof setup>, bFails: boolean) => [
      s.phase('deploy', () => pass('x.deploy')),
      s.phase('a', () => pass('x.a')),
      s.phase('b', () => (bFails ? { checks: [check('x.b', 'b', 'FAIL', 'bad')], data: {} } : pass('x.b')), 'deploy'),
    ];
    await runGatedPhases({ ...first.options, phases: phases(first, true) });
    const previous = readPhaseCheckpoint(first.options.file, 'run-1');
    expect(previous!.phases.b!.status).toBe('FAIL');

    const second = setup();
    writeFileSync(second.options.file, readFileSync(first.options.file));
    const result = await runGatedPhases({ ...second.options, previous, phases: phases(second, false) });
    expect(second.ran).toEqual(['deploy', 'b']);
    expect(second.lines).toContain('resuming X at phase 3 (b); earlier phases passed in this run');
    expect(second.lines).toContain('phase a: kept from the interrupted run');
    expect(second.ctx.data.a).toEqual({ from: 'x.a' });
    expect(result.checkpoint.phases.b!.status).toBe('PASS');
  });

  it('a fresh run (no previous checkpoint) runs every phase again', async () => {
    const s = setup();
    await runGatedPhases({ ...s.options, phases: [s.phase('a', () => pass('x.a'))] });
    await runGatedPhases({ ...s.options, phases: [s.phase('a', () => pass('x.a'))] });
    expect(s.ran).toEqual(['a', 'a']);
  });

  it('lets a phase stand in for another through data.provides, and adjusts checks before they are recorded', async () => {
    const { ctx, phase, options } = setup();
    const result = await runGatedPhases({
      ...options,
      phases: [phase('orchestrate', () => ({ checks: [check('x.o', 'o', 'PASS', 'ok', ['B3-01', 'R-2'])], data: { provides: { builders: { results: [1] } } } }))],
      adjustChecks: (_p, checks) => checks.map((c) => ({ ...c, requirementIds: c.requirementIds.filter((r) => !r.startsWith('B3-')) })),
    });
    expect(ctx.data.builders).toEqual({ results: [1] });
    expect(result.checks[0]!.requirementIds).toEqual(['R-2']);
  });

  it('throws the abort reason before starting a phase once aborted', async () => {
    const s = setup();
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(runGatedPhases({ ...s.options, signal: controller.signal, phases: [s.phase('a', () => pass('x.a'))] })).rejects.toThrow('interrupted');
    expect(s.ran).toEqual([]);
  });
});

describe('phaseStatus', () => {
  it('is SKIP with no checks or only skipped ones, FAIL with a failure, else PASS', () => {
    expect(phaseStatus([])).toBe('SKIP');
    expect(phaseStatus([check('a', 'a', 'SKIP', 'n/a')])).toBe('SKIP');
    expect(phaseStatus([check('a', 'a', 'PASS', 'ok'), check('b', 'b', 'FAIL', 'bad')])).toBe('FAIL');
    expect(phaseStatus([check('a', 'a', 'PASS', 'ok'), check('b', 'b', 'SKIP', 'n/a')])).toBe('PASS');
  });
});

describe('readPhaseCheckpoint', () => {
  it('is null for a missing, unparsable or invalid file', () => {
    const { options } = setup();
    expect(readPhaseCheckpoint(options.file, 'run-1')).toBeNull();
    writeFileSync(options.file, '{not json');
    expect(readPhaseCheckpoint(options.file, 'run-1')).toBeNull();
    writeFileSync(options.file, JSON.stringify({ run_id: 'run-1', phases: { a: { status: 'MAYBE' } } }));
    expect(readPhaseCheckpoint(options.file, 'run-1')).toBeNull();
  });
});
