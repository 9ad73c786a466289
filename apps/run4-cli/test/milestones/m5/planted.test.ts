import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckRecord } from '@run4/checks';
import { plantAndGate } from '../../../src/milestones/m4/planted-copy.js';
import { fixPlanted } from '../../../src/milestones/m5/planted.js';
import { cleanupPlanted, SERVER, setup, testAuth } from '../planted-fixture.js';

afterAll(cleanupPlanted);

/** A builder for the fix pass: with FIX_INSTRUCTIONS.md it regenerates src/server.js from the pristine text (`--mode fix`), leaves the code alone (`--mode noop`) or writes a server that exits at once (`--mode break`); it always writes STATE.json. */
function fakeBuilder(mode: 'fix' | 'noop' | 'break'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'run4-fix-builder-'));
  const pristine = path.join(dir, 'server.js');
  writeFileSync(pristine, SERVER);
  const script = path.join(dir, 'builder.mjs');
  writeFileSync(
    script,
    `import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const argv = process.argv.slice(2);
const arg = (name) => argv[argv.indexOf('--' + name) + 1];
const cwd = arg('cwd');
if (existsSync(join(cwd, 'FIX_INSTRUCTIONS.md')) && arg('mode') === 'fix') writeFileSync(join(cwd, 'src', 'server.js'), readFileSync(arg('pristine'), 'utf8'));
if (existsSync(join(cwd, 'FIX_INSTRUCTIONS.md')) && arg('mode') === 'break') writeFileSync(join(cwd, 'src', 'server.js'), 'process.exit(1);\\n');
mkdirSync(join(cwd, '.agent-team'), { recursive: true });
writeFileSync(join(cwd, '.agent-team', 'STATE.json'), JSON.stringify({ total_cost: 0, health: 'passed', completed_phases: ['fix_pass'], agent_teams_active: false, summary: { success: true, test_passed: 3, test_total: 3, convergence_ratio: 1 } }));
`,
  );
  return `${process.execPath} ${script} --cwd {dir} --depth {depth} --mode ${mode} --pristine ${pristine}`;
}

const config = (mode: 'fix' | 'noop' | 'break') => ({ builder_command: fakeBuilder(mode), builder_timeout_s: 60, budget_limit: null, fix_effectiveness_floor: 0.3, regression_rate_ceiling: 0.25, max_fix_passes: 1 });
const score = (checks: readonly CheckRecord[]) => (checks.length ? (100 * checks.filter((c) => c.status === 'PASS').length) / checks.length : null);
const byId = (checks: CheckRecord[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('M5: the fix loop on the planted copy', () => {
  it('hands the copy to the stack builder, re-gates it and PASSes each planted violation the pass removed, with a score delta', async () => {
    const { ctx, result } = setup(false, config('fix'));
    await plantAndGate(ctx, [result], testAuth);
    const { checks } = await fixPlanted(ctx, score, () => undefined, testAuth);
    expect(byId(checks), checks.map((c) => `${c.id}: ${c.evidence}`).join('\n')).toEqual({
      'planted.health-001.fixed': 'PASS',
      'planted.schema-001.fixed': 'PASS',
      'planted.log-001.fixed': 'PASS',
      'm5.planted.fix-pass': 'PASS',
    });
    const pass = (checks.at(-1)!.data as { passes: { score_before: number; score_after: number }[] }).passes[0]!;
    expect(pass.score_after).toBeGreaterThan(pass.score_before);
  }, 240_000);

  it('FAILs when the builder leaves the planted violations in place', async () => {
    const { ctx, result } = setup(false, config('noop'));
    await plantAndGate(ctx, [result], testAuth);
    const { checks } = await fixPlanted(ctx, score, () => undefined, testAuth);
    expect(byId(checks)).toEqual({
      'planted.health-001.fixed': 'FAIL',
      'planted.schema-001.fixed': 'FAIL',
      'planted.log-001.fixed': 'FAIL',
      'm5.planted.fix-pass': 'FAIL',
    });
    expect(checks.find((c) => c.id === 'planted.log-001.fixed')?.evidence).toMatch(/still reported after pass 1/);
  }, 240_000);

  it('does not take the undeclared field for fixed when the builder left a copy that no longer answers', async () => {
    const { ctx, result } = setup(false, config('break'));
    await plantAndGate(ctx, [result], testAuth);
    const { checks } = await fixPlanted(ctx, score, () => undefined, testAuth);
    expect(byId(checks)).toMatchObject({ 'planted.schema-001.fixed': 'FAIL', 'm5.planted.fix-pass': 'FAIL' });
    expect(checks.find((c) => c.id === 'planted.schema-001.fixed')?.evidence).toMatch(/not verified after pass 1: shelf did not answer HTTP/);
    expect(checks.at(-1)?.evidence).toMatch(/the copy did not answer after pass 1/);
  }, 240_000);

  it('SKIPs when M4 planted nothing', async () => {
    const { ctx } = setup(false, config('fix'));
    const { checks } = await fixPlanted(ctx, score, () => undefined, testAuth);
    expect(checks).toMatchObject([{ id: 'm5.planted.fix-pass', status: 'SKIP' }]);
  });
});
