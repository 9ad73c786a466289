import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FixLoopInputError, FixPassError, runFixLoop, type FixLoopDeps, type FixLoopViolationInput, type RunFixLoopOptions, type ServiceFixInstructions } from '../src/index.js';
import { fail, HEALTH, LOG, pass, SCHEMA, v } from './helpers.js';

/**
 * A deterministic in-memory system for the loop's logic: applying fixes
 * removes the targeted violations (except `stubborn` ones) and runs the
 * optional `sideEffect` for the pass; rescan returns what is left.
 */
class World {
  violations: FixLoopViolationInput[];
  checks: CheckRecord[];
  stubborn = new Set<string>();
  applied: string[] = [];
  passes = 0;
  sideEffect: (world: World, pass: number) => void = () => {};
  costPerApply = 0;

  constructor(violations: FixLoopViolationInput[], checks: CheckRecord[] = []) {
    this.violations = [...violations];
    this.checks = [...checks];
  }

  deps(): FixLoopDeps {
    return {
      applyFixes: async (service: string, instr: ServiceFixInstructions) => {
        this.applied.push(`${this.passes + 1}:${service}:${instr.violations.map((x) => x.code).join(',')}`);
        const targeted = new Set(instr.violations.map((x) => `${x.code}|${x.file_path}`));
        this.violations = this.violations.filter(
          (x) => x.service !== service || !targeted.has(`${x.code}|${x.file_path || '.'}`) || this.stubborn.has(x.code),
        );
        return { cost: this.costPerApply };
      },
      rescan: async () => {
        this.passes += 1;
        this.sideEffect(this, this.passes);
        return { checks: this.checks, violations: this.violations };
      },
    };
  }
}

const dirs: string[] = [];
let outputDir = '';
beforeEach(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'fixloop-run-'));
  dirs.push(outputDir);
});
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const run = (world: World, over: Partial<RunFixLoopOptions> = {}) =>
  runFixLoop({ outputDir, initial: { checks: world.checks, violations: world.violations }, deps: world.deps(), ...over });

const p1 = (n: number, service = 'order-service') => v('DOCKER-001', service, `docker/${n}/Dockerfile`, 'error', 1, 'docker');

describe('runFixLoop', () => {
  it('fixes the three planted violations in one pass, writes snapshots and stops on zero P0/P1', async () => {
    const world = new World([HEALTH, SCHEMA, LOG], [pass('gate.l3')]);
    const result = await run(world);
    expect(world.applied).toEqual(['1:auth-service:LOG-001', '1:order-service:HEALTH-001,SCHEMA-001']);
    expect(result.stop).toMatchObject({ kind: 'hard', reason: 'zero-p0-p1' });
    expect(result.passes).toHaveLength(1);
    expect(result.passes[0]).toMatchObject({ pass_number: 1, targeted: 3, resolved: 3, failed: 0, regressions: 0, effectiveness: 1, convergence: 1 });
    expect(result.findings.map((f) => [f.finding_id, f.resolution, f.fix_pass_number])).toEqual([
      ['FINDING-001', 'FIXED', 1],
      ['FINDING-002', 'FIXED', 1],
      ['FINDING-003', 'FIXED', 1],
    ]);
    expect((await readdir(join(outputDir, 'm5_fix_snapshots'))).sort()).toEqual(['fix_pass_1_after.json', 'fix_pass_1_before.json']);
    const before = JSON.parse(await readFile(join(outputDir, 'm5_fix_snapshots', 'fix_pass_1_before.json'), 'utf8'));
    expect(before.violations['HEALTH-001']).toEqual(['order-service/src/server.js']);
  });

  it('runs no pass when nothing is P0/P1 at the start and leaves P2 open', async () => {
    const result = await run(new World([LOG]));
    expect(result.passes).toEqual([]);
    expect(result.stop.reason).toBe('zero-p0-p1');
    expect(result.findings[0]?.resolution).toBe('OPEN');
    expect(result.convergence).toBe(1 - 0.1 / 0.1);
  });

  it('stops at max_fix_passes', async () => {
    const world = new World([1, 2, 3, 4, 5, 6].map((n) => p1(n)));
    world.sideEffect = (w) => (w.violations = w.violations.length ? [...w.violations.slice(1), p1(100 + w.passes)] : w.violations);
    world.stubborn.add('DOCKER-001');
    const result = await run(world, { maxFixPasses: 2, effectivenessFloor: 0 });
    expect(result.passes).toHaveLength(2);
    expect(result.stop).toMatchObject({ kind: 'hard', reason: 'max-passes' });
  });

  it('stops when the budget is spent', async () => {
    const world = new World([1, 2, 3].map((n) => p1(n)));
    world.stubborn.add('DOCKER-001');
    world.costPerApply = 3;
    const result = await run(world, { budgetLimit: 5, effectivenessFloor: 0 });
    expect(result.passes.map((p) => p.cost)).toEqual([3, 3]);
    expect(result.totalCost).toBe(6);
    expect(result.stop).toMatchObject({ reason: 'budget-exhausted', detail: 'spent $6.00 of budget $5.00' });
  });

  it('stops when fixes are ineffective for 2 consecutive passes', async () => {
    const world = new World([HEALTH]);
    world.stubborn.add('HEALTH-001');
    const result = await run(world);
    expect(result.passes.map((p) => p.effectiveness)).toEqual([0, 0]);
    expect(result.stop.reason).toBe('effectiveness-floor');
    expect(result.findings[0]).toMatchObject({ resolution: 'OPEN', fix_verification: 'pass 2: not fixed: still present in re-scan' });
  });

  it('stops when each pass brings regressions above 25% twice', async () => {
    const world = new World([1, 2, 3, 4].map((n) => p1(n)));
    // every pass fixes all four targeted findings but plants two new P1 violations
    world.sideEffect = (w, n) => w.violations.push(p1(n * 10 + 1), p1(n * 10 + 2));
    const result = await run(world, { maxFixPasses: 10 });
    expect(result.passes.slice(0, 2).map((p) => [p.targeted, p.resolved, p.regressions, p.regression_rate])).toEqual([
      [4, 4, 2, 0.5],
      [2, 2, 2, 1],
    ]);
    expect(result.stop.reason).toBe('regression-ceiling');
    expect(result.passes.at(-1)?.new_defects).toBe(2);
  });

  it('stops with "converged" once convergence reaches 0.85 while a P1 remains', async () => {
    // initial weight 5*0.4 + 1*0.3 = 2.3; after pass 1 only the stubborn P1 (0.3) → 1 - 0.3/2.3 = 0.87
    const world = new World([...[1, 2, 3, 4, 5].map((n) => v('HEALTH-001', `s${n}`, 'src/server.js', 'warning', 0, 'health')), v('SCHEMA-001', 'order-service', 'x.js', 'error')]);
    world.stubborn.add('SCHEMA-001');
    const result = await run(world);
    expect(result.passes).toHaveLength(1);
    expect(result.convergence).toBeCloseTo(1 - 0.3 / 2.3, 10);
    expect(result.stop).toMatchObject({ kind: 'soft', reason: 'converged' });
  });

  it('declares "good enough" only with a score of at least 70', async () => {
    const make = () => {
      const w = new World([HEALTH, v('SCHEMA-001', 'order-service', 'a.js', 'error'), v('SCHEMA-001', 'order-service', 'b.js', 'error')]);
      w.stubborn.add('SCHEMA-001');
      return w;
    };
    const world = make();
    const result = await run(world, { deps: { ...world.deps(), score: () => 75 } });
    expect(result.passes.map((p) => p.effectiveness)).toEqual([1 / 3, 0]);
    expect(result.stop).toMatchObject({ kind: 'soft', reason: 'good-enough' });
    expect(result.passes[1]?.score_delta).toBe(0);
    const low = make();
    expect((await run(low, { deps: { ...low.deps(), score: () => 69 } })).stop.reason).toBe('effectiveness-floor');
    expect((await run(make())).stop.reason).toBe('effectiveness-floor');
  });

  it('stops without a pass when open P0/P1 come only from checks no builder can fix', async () => {
    const result = await run(new World([], [fail('m4.build1.health', ['B1-02'])]));
    expect(result.passes).toEqual([]);
    expect(result.stop.reason).toBe('nothing-targetable');
    expect(result.findings[0]).toMatchObject({ priority: 'P0', system: 'Build 1', resolution: 'OPEN' });
  });

  it('keeps standing M2..M4 failures OPEN for their owners across passes, never as fixed, regressed or handed to a builder', async () => {
    const standing = [fail('mcp.architect.decompose.valid', ['B1-07', 'X-03']), pass('m3.builder-invocation', ['R4-M3-001']), fail('m4.build3.complete', ['B3-01', 'SC-01'])];
    const world = new World([HEALTH, LOG]);
    const scores: number[] = [];
    const result = await run(world, {
      standing,
      deps: {
        ...world.deps(),
        // the real scorer sees every record: the standing ones and the re-scan's
        score: (scan) => {
          scores.push(scan.checks.length);
          return 50 + 10 * (2 - scan.violations.length);
        },
      },
    });
    expect(world.applied).toEqual(['1:auth-service:LOG-001', '1:order-service:HEALTH-001']);
    expect(scores).toEqual([3, 3]);
    expect(result.passes[0]).toMatchObject({ targeted: 2, resolved: 2, regressions: 0, score_before: 50, score_after: 70, score_delta: 20 });
    expect(result.score).toEqual({ initial: 50, final: 70 });
    const owned = result.findings.filter((f) => f.route === 'owner');
    expect(owned.map((f) => [f.component, f.system, f.resolution, f.fix_verification])).toEqual([
      ['mcp.architect.decompose.valid', 'Build 1', 'OPEN', 'not handed to a builder: OPEN for Build 1 (no fix pass re-runs this check)'],
      ['m4.build3.complete', 'Build 3', 'OPEN', 'not handed to a builder: OPEN for Build 3 (no fix pass re-runs this check)'],
    ]);
    expect(result.stop.reason).toBe('nothing-targetable');
    expect(result.convergence).toBeLessThan(1);
  });

  it('runs no pass for P2 alone while the P0/P1 left wait for their owners', async () => {
    const world = new World([LOG]);
    world.stubborn.add('LOG-001');
    const result = await run(world, { standing: [fail('mcp.architect.handshake', ['B1-09'])] });
    expect(world.applied).toEqual([]);
    expect(result.stop).toMatchObject({ reason: 'nothing-targetable', detail: 'open P0 1 / P1 0 but none is one a builder can be given: they stay OPEN for their owner systems' });
    // with a builder P1 beside them the pass runs and takes the P2 along
    const mixed = new World([LOG, SCHEMA]);
    await run(mixed, { standing: [fail('mcp.architect.handshake', ['B1-09'])], maxFixPasses: 1 });
    expect(mixed.applied).toEqual(['1:auth-service:LOG-001', '1:order-service:SCHEMA-001']);
  });

  it('marks a failed check fixed only when the re-scan ran it and it PASSed', async () => {
    const world = new World([], [fail('l2.order-service.health', ['R4-M4-006']), fail('l2.order-service.schema', ['R4-M4-006']), fail('gate.overall-verdict', ['R4-M4-007'])]);
    world.sideEffect = (w) => (w.checks = [pass('l2.order-service.health', ['R4-M4-006']), check('l2.order-service.schema', 'schema', 'SKIP', 'no case exercised it', ['R4-M4-006'])]);
    const result = await run(world, { services: ['order-service'], maxFixPasses: 1 });
    expect(world.applied).toEqual(['1:order-service:R4-M4-006,R4-M4-006']);
    expect(result.findings.map((f) => [f.component, f.resolution, f.fix_verification])).toEqual([
      ['order-service: l2.order-service.health', 'FIXED', 'pass 1: the check PASSed in the re-scan'],
      ['order-service: l2.order-service.schema', 'OPEN', 'pass 1: not fixed: not verified: the check was SKIP in the re-scan'],
      ['gate.overall-verdict', 'OPEN', 'not handed to a builder: OPEN for Integration'],
    ]);
    expect(result.passes[0]).toMatchObject({ targeted: 2, resolved: 1 });
  });

  it('detects a fixed violation that reappears and a passing check that now fails, and reopens the finding', async () => {
    const other = v('DOCKER-001', 'auth-service', 'Dockerfile', 'error', 1, 'docker');
    const world = new World([HEALTH, other], [pass('flow.df-1', ['DF-1'])]);
    world.stubborn.add('DOCKER-001');
    world.sideEffect = (w, n) => {
      if (n === 2) {
        w.violations.push(HEALTH);
        w.checks = [fail('flow.df-1', ['DF-1'])];
      }
    };
    const result = await run(world, { maxFixPasses: 2, effectivenessFloor: 0 });
    expect(result.regressions[2]?.map((r) => r.kind)).toEqual(['violation-reappeared', 'check-now-failing']);
    const health = result.findings.find((f) => f.source.kind === 'violation' && f.source.code === 'HEALTH-001');
    expect(health).toMatchObject({ resolution: 'OPEN', fix_verification: 'REGRESSION: reappeared in the re-scan after pass 2 (fixed in pass 1)' });
    expect(result.findings.at(-1)).toMatchObject({ finding_id: 'FINDING-003', component: 'flow.df-1', priority: 'P1' });
  });

  it('verifies each targeted finding with verifyFinding and records its evidence', async () => {
    const world = new World([HEALTH, SCHEMA]);
    const seen: string[] = [];
    const deps = world.deps();
    const result = await run(world, {
      deps: {
        ...deps,
        verifyFinding: async (f) => {
          seen.push(f.finding_id);
          return f.priority === 'P0' ? { fixed: true, evidence: 'GET /health → 200' } : { fixed: false, evidence: 'response still has extra field' };
        },
      },
      maxFixPasses: 1,
    });
    expect(seen).toEqual(['FINDING-001', 'FINDING-002']);
    expect(result.findings.map((f) => [f.resolution, f.fix_verification])).toEqual([
      ['FIXED', 'pass 1: GET /health → 200'],
      ['OPEN', 'pass 1: not fixed: response still has extra field'],
    ]);
    expect(result.passes[0]?.resolved).toBe(1);
  });

  it('rejects bad options and bad initial records as usage errors before any pass', async () => {
    const world = new World([HEALTH]);
    const bad = await run(world, { maxFixPasses: -1 }).catch((e) => e);
    expect(bad).toBeInstanceOf(FixLoopInputError);
    expect(bad.message).toContain('maxFixPasses');
    const badScan = await run(world, { initial: { checks: [{ id: 'x' } as never], violations: [] } }).catch((e) => e);
    expect(badScan).toMatchObject({ exitCode: 2, source: 'initial check records' });
    expect(world.applied).toEqual([]);
  });

  it('wraps a failing rescan in FixPassError naming the pass and the step', async () => {
    const world = new World([HEALTH]);
    const err = await run(world, { deps: { ...world.deps(), rescan: async () => Promise.reject(new Error('gate crashed')) } }).catch((e) => e);
    expect(err).toBeInstanceOf(FixPassError);
    expect(err).toMatchObject({ passNumber: 1, step: 'rescan', exitCode: 1 });
    expect(err.message).toBe('fix pass 1 failed at step "rescan": gate crashed');
  });
});
