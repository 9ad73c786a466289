import { execa } from 'execa';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import type { Run4State } from '../../state/index.js';

/** Run 4's own commands (its CLI is not a build under test: Build 3's is judged in build3-exercises.ts). */
export const EXPECTED_COMMANDS = ['init', 'status', 'milestone', 'run', 'resume', 'probe', 'gate'] as const;

/**
 * Run 4's own CLI: every command is registered and answers `--help` with
 * exit 0 (R4-M6-008: the verification tooling itself works).
 *
 * @example
 * const rec = await cliCommandsCheck('apps/run4-cli/dist/main.js');
 */
export async function cliCommandsCheck(cliPath: string): Promise<CheckRecord> {
  return runCheck({ id: 'm6.cli.commands', name: 'all CLI commands registered with --help', requirementIds: ['R4-M6-008'] }, async () => {
    const top = await execa('node', [cliPath, '--help'], { reject: false });
    const missing = EXPECTED_COMMANDS.filter((c) => !new RegExp(`^\\s+${c}\\b`, 'm').test(top.stdout));
    const broken: string[] = [];
    for (const c of EXPECTED_COMMANDS) {
      const r = await execa('node', [cliPath, c, '--help'], { reject: false });
      if (r.exitCode !== 0 || !r.stdout.includes(`run4 ${c}`)) broken.push(`${c} (exit ${r.exitCode})`);
    }
    if (top.exitCode !== 0 || missing.length || broken.length) return { status: 'FAIL', evidence: `--help exit ${top.exitCode}; not listed: ${missing.join(', ') || 'none'}; failing help: ${broken.join(', ') || 'none'}` };
    return { status: 'PASS', evidence: `${EXPECTED_COMMANDS.join(', ')} listed and each answers --help` };
  });
}

/**
 * R4-M6-009: cost is accumulated across Run 4's milestones: every one so far recorded
 * its cost in `phase_costs` and `total_cost` is their sum.
 *
 * @example
 * const rec = costAccumulationCheck(state, [1, 2, 3, 4, 5]);
 */
export function costAccumulationCheck(state: Run4State | null, milestones: readonly number[]): CheckRecord {
  if (!state) return check('m6.cost.accumulated', 'cost accumulated across phases', 'FAIL', 'no RUN4_STATE.json', ['R4-M6-009']);
  const missing = milestones.filter((n) => !(`m${n}` in state.phase_costs));
  const sum = Object.values(state.phase_costs).reduce((a, b) => a + b, 0);
  const consistent = Math.abs(sum - state.total_cost) < 1e-9;
  const rows = Object.entries(state.phase_costs).map(([k, v]) => `${k} $${v.toFixed(2)}`).join(', ');
  return check(
    'm6.cost.accumulated',
    'cost accumulated across phases',
    missing.length === 0 && consistent ? 'PASS' : 'FAIL',
    `${rows || 'no phase costs'}; total_cost $${state.total_cost.toFixed(2)}${consistent ? '' : ` differs from the sum $${sum.toFixed(2)}`}${missing.length ? `; not recorded for ${missing.map((n) => `M${n}`).join(', ')}` : ''}`,
    ['R4-M6-009'],
  );
}
