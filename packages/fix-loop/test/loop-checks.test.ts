import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixLoopChecks, runFixLoop, type FixLoopViolationInput } from '../src/index.js';
import { HEALTH, LOG, SCHEMA } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Run the loop on an in-memory system where `stubborn` codes are never fixed and `reintroduce` comes back in pass 2. */
async function loop(initial: FixLoopViolationInput[], stubborn: string[] = [], reintroduce?: FixLoopViolationInput) {
  const outputDir = await mkdtemp(join(tmpdir(), 'fixloop-checks-'));
  dirs.push(outputDir);
  let violations = [...initial];
  let pass = 0;
  return runFixLoop({
    outputDir,
    initial: { checks: [], violations },
    maxFixPasses: 2,
    effectivenessFloor: 0,
    deps: {
      applyFixes: async (service, instr) => {
        const codes = new Set(instr.violations.map((v) => v.code));
        violations = violations.filter((v) => v.service !== service || !codes.has(v.code) || stubborn.includes(v.code));
      },
      rescan: async () => {
        pass += 1;
        if (pass === 2 && reintroduce) violations.push(reintroduce);
        return { checks: [], violations };
      },
    },
  });
}

const status = (records: ReturnType<typeof fixLoopChecks>) => Object.fromEntries(records.map((r) => [r.id, r.status]));

describe('fixLoopChecks', () => {
  it('passes all three when the planted violations are fixed without regressions', async () => {
    const records = fixLoopChecks(await loop([HEALTH, SCHEMA, LOG]));
    expect(status(records)).toEqual({ 'm5.fix-loop.converged': 'PASS', 'm5.fix-loop.effective': 'PASS', 'm5.fix-loop.no-regressions': 'PASS' });
    expect(records[0]?.requirementIds).toEqual(['R4-M5-005']);
  });

  it('fails convergence and effectiveness when nothing can be fixed', async () => {
    const records = fixLoopChecks(await loop([HEALTH], ['HEALTH-001']));
    expect(status(records)).toEqual({ 'm5.fix-loop.converged': 'FAIL', 'm5.fix-loop.effective': 'FAIL', 'm5.fix-loop.no-regressions': 'PASS' });
    expect(records[0]?.evidence).toContain('stopped: max-passes');
  });

  it('fails the regression check when a fixed violation comes back', async () => {
    const docker = { ...SCHEMA, code: 'DOCKER-001', category: 'docker', file_path: 'Dockerfile' };
    const records = fixLoopChecks(await loop([HEALTH, docker], ['DOCKER-001'], HEALTH));
    expect(status(records)['m5.fix-loop.no-regressions']).toBe('FAIL');
    expect(records[2]?.evidence).toMatch(/HEALTH-001 in order-service\/src\/server\.js was fixed earlier and reappeared/);
  });

  it('fails effectiveness when a fixer run failed, and skips both pass checks when no pass ran', async () => {
    expect(status(fixLoopChecks(await loop([HEALTH]), ['order-service: quick build exited 1']))['m5.fix-loop.effective']).toBe('FAIL');
    expect(status(fixLoopChecks(await loop([LOG])))).toEqual({ 'm5.fix-loop.converged': 'PASS', 'm5.fix-loop.effective': 'SKIP', 'm5.fix-loop.no-regressions': 'SKIP' });
  });
});
