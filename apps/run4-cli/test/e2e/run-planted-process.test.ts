import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'apps/run4-cli/dist/main.js');
const PLANTED = ['HEALTH-001', 'SCHEMA-001', 'LOG-001'];

type Check = { id: string; status: string; evidence: string; requirementIds: string[]; data?: unknown };
const checksOf = (out: string, n: number): Check[] => JSON.parse(readFileSync(path.join(out, `m${n}_checks.json`), 'utf8')).checks;

/**
 * The whole chain on the embedded default with the process backend and the
 * seed's three planted violations: the gate must find all three (SC-05),
 * the fix loop must remove them and converge, and the audit must show the
 * passes. Nothing here is mocked: real MCP servers, builders, services.
 */
describe('run4 run --backend process --plant HEALTH-001,SCHEMA-001,LOG-001', () => {
  it('finds the planted violations, fixes them in fix passes and audits the passes', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'run4-e2e-'));
    const out = path.join(cwd, '.run4');
    // The service built without its health route is waited for this long before the gate tests it anyway.
    writeFileSync(path.join(cwd, 'run4.config.yaml'), `stack_profile: ${path.join(root, 'fixtures/tasktracker/run4.stack.yaml')}\nhealth_check_timeout_s: 30\n`);
    const run = await execa('node', [cli, 'run', '--backend', 'process', '--plant', PLANTED.join(',')], { cwd, reject: false, timeout: 1_200_000 });
    const log = `${run.stdout}\n${run.stderr}`.slice(-4000);

    const state = JSON.parse(readFileSync(path.join(out, 'RUN4_STATE.json'), 'utf8'));
    expect(state.completed_milestones, log).toEqual([1, 2, 3, 4, 5, 6]);

    const m4 = checksOf(out, 4);
    const planted = m4.find((c) => c.id === 'gate.planted-violations');
    expect(planted?.status, planted?.evidence ?? log).toBe('PASS');
    const report = readFileSync(path.join(out, 'QUALITY_GATE_REPORT.md'), 'utf8');
    for (const code of PLANTED) expect(report, code).toContain(code);

    expect(state.total_fix_passes).toBeGreaterThanOrEqual(1);
    const snapshot = (n: number, phase: string) => JSON.parse(readFileSync(path.join(out, 'm5_fix_snapshots', `fix_pass_${n}_${phase}.json`), 'utf8'));
    const before = snapshot(1, 'before');
    const after = snapshot(state.total_fix_passes, 'after');
    for (const code of PLANTED) {
      expect(before.violations[code]?.length ?? 0, `${code} before the first pass`).toBeGreaterThan(0);
      expect(after.violations[code], `${code} after the last pass`).toBeUndefined();
    }
    const m5 = checksOf(out, 5);
    // PASS, or WARN when the only P0/P1 left are failures of M2..M4 no builder can fix (OPEN for their owner system)
    const converged = m5.find((c) => c.id === 'm5.fix-loop.converged');
    expect(['PASS', 'WARN'], converged?.evidence).toContain(converged?.status);
    if (converged?.status === 'WARN') expect(converged.evidence).toMatch(/stopped: nothing-targetable .*OPEN with their owners/);
    expect(m5.find((c) => c.id === 'm5.catalog')?.status).toBe('PASS');
    expect(state.fix_passes[0].score_delta, 'score delta of pass 1').toEqual(expect.any(Number));
    // The violations Run 4 plants itself in a copy (every run): all three found by the gate; their own fix loop is judged
    // apart (the stack's builder may not know how to remove them: that is its finding, not the system's fix loop's).
    for (const code of ['health-001', 'schema-001', 'log-001']) {
      const detected = m4.find((c) => c.id === `planted.${code}.detected`);
      expect(detected?.status, detected?.evidence).toBe('PASS');
    }
    expect(m5.find((c) => c.id === 'm5.planted.fix-pass')?.data).toMatchObject({ planted_by_run4: true });
    expect(m5.filter((c) => c.status === 'FAIL' && !(c.data as { planted_by_run4?: boolean } | undefined)?.planted_by_run4).map((c) => `${c.id}: ${c.evidence}`)).toEqual([]);

    const audit = readFileSync(path.join(out, 'SUPER_TEAM_AUDIT_REPORT.md'), 'utf8');
    expect(audit).toContain('## 5. Fix Pass History');
    expect(audit).toContain('### Planted by Run 4');
    expect(audit).toMatch(/\| 1 \|/);
    expect(state.aggregate_score).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/aggregate\s+\d+\.\d/);
  }, 1_300_000);
});
