import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFindings, catalogCheck, fixLoopChecks, runFixLoop, type FixLoopViolationInput } from '../src/index.js';
import { fail, HEALTH, LOG, pass, SCHEMA } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Run the loop on an in-memory system where `stubborn` codes are never fixed and `reintroduce` comes back in pass 2. */
async function loop(initial: FixLoopViolationInput[], stubborn: string[] = [], reintroduce?: FixLoopViolationInput, standing: ReturnType<typeof fail>[] = []) {
  const outputDir = await mkdtemp(join(tmpdir(), 'fixloop-checks-'));
  dirs.push(outputDir);
  let violations = [...initial];
  let pass = 0;
  return runFixLoop({
    outputDir,
    initial: { checks: [], violations },
    standing,
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
    expect(records[0]?.evidence).toContain('; aggregate not computed; ');
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

  it('warns, naming them, when only P0/P1 no builder can be given are left open', async () => {
    const records = fixLoopChecks(await loop([HEALTH], [], undefined, [fail('mcp.architect.handshake', ['B1-09'])]));
    expect(status(records)).toEqual({ 'm5.fix-loop.converged': 'WARN', 'm5.fix-loop.effective': 'PASS', 'm5.fix-loop.no-regressions': 'PASS' });
    expect(records[0]?.evidence).toMatch(/stopped: nothing-targetable .*OPEN with their owners \(no builder can fix them\): FINDING-\d{3} P0 Build 1 mcp\.architect\.handshake/);
  });
});

describe('catalogCheck', () => {
  const sources = { checks: [pass('m2.ok'), fail('mcp.architect.handshake', ['B1-09']), fail('m3.fix-pass', ['R4-M3-005'])], violations: [HEALTH, LOG] };

  it('passes when every failed check of M2..M4 and every violation has a finding, and says where they went', () => {
    const findings = buildFindings(sources, { standing: new Set(['mcp.architect.handshake', 'm3.fix-pass']) });
    const c = catalogCheck(sources, findings);
    expect(c).toMatchObject({ id: 'm5.catalog', status: 'PASS', requirementIds: ['R4-M5-001', 'R4-M5-002'] });
    expect(c.evidence).toBe('4 findings from 2 failed check(s) and 2 violation(s): P0 2, P1 1, P2 1; to builders: auth-service 1, order-service 1; with their owners: Build 1 1, Integration 1 (2 OPEN)');
  });

  it('fails naming each failed check or violation a planted incomplete catalog left out', () => {
    const findings = buildFindings({ checks: sources.checks.slice(0, 2), violations: [LOG] });
    const c = catalogCheck(sources, findings);
    expect(c.status).toBe('FAIL');
    expect(c.evidence).toContain('NOT catalogued: check m3.fix-pass; HEALTH-001 order-service/src/server.js');
    expect(c.data).toMatchObject({ missing: ['check m3.fix-pass', 'HEALTH-001 order-service/src/server.js'] });
  });
});
