import { check, runCheck, type CheckRecord } from '@run4/checks';

/** Runs the verifier's own CLI with these arguments (injected: a subprocess in production, a stub in a test). */
export type CommandRunner = (args: readonly string[]) => Promise<{ exitCode: number | undefined; stdout: string }>;

/** Options of {@link commandsHelpCheck}. */
export interface CommandsHelpOptions {
  /** Id of the check record. */
  id: string;
  /** The program's name, as its usage lines print it (`<program> <command>`). */
  program: string;
  /** The commands it must list and each answer `--help`. */
  commands: readonly string[];
  run: CommandRunner;
}

/**
 * The verifier's own CLI works (R4-M6-008): every command is listed by
 * `--help` and answers `<command> --help` with exit 0 and its usage line.
 * FAIL names what is not listed and which help failed.
 *
 * @example
 * const rec = await commandsHelpCheck({ id: 'audit.cli', program: 'run4', commands: ['run', 'gate'], run: (args) => execa('node', [cli, ...args], { reject: false }) });
 */
export async function commandsHelpCheck(o: CommandsHelpOptions): Promise<CheckRecord> {
  return runCheck({ id: o.id, name: 'all CLI commands registered with --help', requirementIds: ['R4-M6-008'] }, async () => {
    const top = await o.run(['--help']);
    const missing = o.commands.filter((c) => !new RegExp(`^\\s+${c}\\b`, 'm').test(top.stdout));
    const broken: string[] = [];
    for (const c of o.commands) {
      const r = await o.run([c, '--help']);
      if (r.exitCode !== 0 || !r.stdout.includes(`${o.program} ${c}`)) broken.push(`${c} (exit ${r.exitCode})`);
    }
    if (top.exitCode !== 0 || missing.length || broken.length) return { status: 'FAIL', evidence: `--help exit ${top.exitCode}; not listed: ${missing.join(', ') || 'none'}; failing help: ${broken.join(', ') || 'none'}` };
    return { status: 'PASS', evidence: `${o.commands.join(', ')} listed and each answers --help` };
  });
}

/** The cost fields of a run's state file. */
export interface RunCosts {
  phase_costs: Record<string, number>;
  total_cost: number;
}

/**
 * R4-M6-009: cost is accumulated across a run's phases: every expected
 * phase recorded its cost in `phase_costs` and `total_cost` is their sum.
 * FAIL on no state, a phase not recorded, or a total that is not the sum.
 *
 * @example
 * const rec = costAccumulationCheck('audit.cost', state, [{ key: 'build', label: 'Build' }]);
 */
export function costAccumulationCheck(id: string, state: RunCosts | null, expected: readonly { key: string; label: string }[]): CheckRecord {
  if (!state) return check(id, 'cost accumulated across phases', 'FAIL', 'no RUN4_STATE.json', ['R4-M6-009']);
  const missing = expected.filter((p) => !(p.key in state.phase_costs));
  const sum = Object.values(state.phase_costs).reduce((a, b) => a + b, 0);
  const consistent = Math.abs(sum - state.total_cost) < 1e-9;
  const rows = Object.entries(state.phase_costs).map(([k, v]) => `${k} $${v.toFixed(2)}`).join(', ');
  return check(
    id,
    'cost accumulated across phases',
    missing.length === 0 && consistent ? 'PASS' : 'FAIL',
    `${rows || 'no phase costs'}; total_cost $${state.total_cost.toFixed(2)}${consistent ? '' : ` differs from the sum $${sum.toFixed(2)}`}${missing.length ? `; not recorded for ${missing.map((p) => p.label).join(', ')}` : ''}`,
    ['R4-M6-009'],
  );
}
