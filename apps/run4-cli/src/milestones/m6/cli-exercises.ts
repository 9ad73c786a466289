import { execa } from 'execa';
import { commandsHelpCheck, costAccumulationCheck as judgeCosts } from '@run4/audit';
import type { CheckRecord } from '@run4/checks';
import type { Run4State } from '../../state/index.js';

/** Run 4's own commands (its CLI is not a build under test: Build 3's is judged in build3-exercises.ts). */
export const EXPECTED_COMMANDS = ['init', 'status', 'milestone', 'run', 'resume', 'probe', 'gate'] as const;

/**
 * Run 4's own CLI: every command is registered and answers `--help` with
 * exit 0 (R4-M6-008, judged by @run4/audit's `commandsHelpCheck`).
 *
 * @example
 * const rec = await cliCommandsCheck('apps/run4-cli/dist/main.js');
 */
export function cliCommandsCheck(cliPath: string): Promise<CheckRecord> {
  const run = async (args: readonly string[]) => {
    const r = await execa('node', [cliPath, ...args], { reject: false });
    return { exitCode: r.exitCode, stdout: r.stdout };
  };
  return commandsHelpCheck({ id: 'm6.cli.commands', program: 'run4', commands: EXPECTED_COMMANDS, run });
}

/**
 * R4-M6-009: every milestone so far recorded its cost in `phase_costs` and
 * `total_cost` is their sum (judged by @run4/audit's `costAccumulationCheck`).
 *
 * @example
 * const rec = costAccumulationCheck(state, [1, 2, 3, 4, 5]);
 */
export function costAccumulationCheck(state: Run4State | null, milestones: readonly number[]): CheckRecord {
  return judgeCosts('m6.cost.accumulated', state, milestones.map((n) => ({ key: `m${n}`, label: `M${n}` })));
}
