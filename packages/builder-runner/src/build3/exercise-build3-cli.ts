import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { check, type CheckRecord } from '@run4/checks';
import type { PipelineStateFile } from '@run4/schemas';
import { build3Argv, writeBuild3Config } from './build3-config.js';
import { checkBudgetStop, checkCommands, checkInterruptSaved, checkResumeAfterKill, SEED_BUILD3_COMMANDS } from './judge-build3.js';
import { runBuild3, type Build3Interrupt, type Build3Run, type RunBuild3Options } from './run-build3.js';

/** Ids of the four check records of {@link exerciseBuild3Cli}. */
export interface Build3ExerciseIds {
  commands: string;
  sigint: string;
  resume: string;
  budget: string;
}

/** Runs one command line to its end and answers its exit code and output (injected in tests). */
export type HelpRunner = (argv: readonly string[], cwd: string) => Promise<{ exitCode: number | null; text: string }>;

/** Options of {@link exerciseBuild3Cli}. */
export interface Build3ExerciseOptions {
  /** The stack profile's Build 3: its command template, config template and state file (relative to its output). */
  build3: { command: string; config: Record<string, unknown>; state_file: string };
  /** The config values of the earlier, uninterrupted run (its `stack` among them). */
  values: Record<string, unknown>;
  /** The earlier run's end state, which a resumed run must reach (null: unknown). */
  expectedEnd: string | null;
  /** What the earlier run cost (its `total_cost`); a budget of half of it must stop a run. */
  spent: number;
  /** How the SKIP evidence names the earlier run. */
  earlierRun: string;
  /** The PRD to build. */
  prdPath: string;
  /** Folder for the scratch directories (`build3-<exercise>` each). */
  scratchRoot: string;
  timeoutMs: number;
  signal?: AbortSignal;
  ids: Build3ExerciseIds;
  /** Progress lines. */
  info(message: string): void;
  /** Runs Build 3 (default {@link runBuild3}). */
  run?: (options: RunBuild3Options) => Promise<Build3Run>;
  /** Runs a `--help` command line (default: a subprocess with a 60 s timeout). */
  help?: HelpRunner;
}

/** A builder has started: the moment a Ctrl+C or kill -9 "mid-build" is sent. */
export const midBuild = (s: PipelineStateFile): boolean => s.current_state === 'builders_running' && Object.keys(s.builder_statuses).length > 0;

const execHelp: HelpRunner = async (argv, cwd) => {
  const r = await execa(argv[0]!, argv.slice(1), { cwd, reject: false, timeout: 60_000 });
  return { exitCode: r.exitCode ?? null, text: `${r.stdout}\n${r.stderr}` };
};

/**
 * The four Build 3 CLI exercises, all SKIP with one reason (no Build 3
 * command in the stack profile, or no earlier run to compare with).
 *
 * @example
 * build3ExerciseSkips(ids, 'the stack profile names no Build 3 command');
 */
export function build3ExerciseSkips(ids: Build3ExerciseIds, why: string): CheckRecord[] {
  return [
    check(ids.commands, 'Build 3 CLI has all 8 commands of seed 004 section 9', 'SKIP', why, ['B3-05']),
    check(ids.sigint, 'Ctrl+C mid-build: Build 3 saves its state and leaves no process', 'SKIP', why, ['B3-09']),
    check(ids.resume, 'kill -9 of Build 3 mid-build, then resume, reaches the same end state', 'SKIP', why, ['B3-08']),
    check(ids.budget, 'a small budget_limit stops Build 3', 'SKIP', why, ['B3-10']),
  ];
}

/**
 * Exercise a stack's Build 3 CLI, each exercise in its own scratch
 * directory with a config written from the earlier run's values:
 * B3-05 its eight commands answer `--help`; B3-09 Ctrl+C mid-build saves
 * its state and leaves no process; B3-08 kill -9 mid-build then `resume`
 * ends where the uninterrupted run ended; B3-10 a `budget_limit` below
 * what the run costs stops it (SKIP when the earlier run cost nothing).
 *
 * @example
 * const checks = await exerciseBuild3Cli({ build3: { command, config, state_file }, values, expectedEnd: 'complete', spent: 1.2, earlierRun: 'the earlier run', prdPath, scratchRoot, timeoutMs: 600_000, ids, info: console.log });
 */
export async function exerciseBuild3Cli(o: Build3ExerciseOptions): Promise<CheckRecord[]> {
  const runB3 = o.run ?? runBuild3;
  const help = o.help ?? execHelp;
  /** A fresh scratch directory with its own config (and Build 1 data) for one exercise. */
  const scratch = (name: string, overrides: Record<string, unknown> = {}) => {
    const dir = path.join(o.scratchRoot, `build3-${name}`);
    rmSync(dir, { recursive: true, force: true });
    const out = path.join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const config = path.join(dir, 'config.yaml');
    writeBuild3Config(config, o.build3.config, { ...o.values, output: out, mcp_data_dir: path.join(dir, 'build1-data'), ...overrides });
    const argv = (sub: readonly string[]) => build3Argv(o.build3.command, { config, output: out, stack: String(o.values.stack) }, sub);
    return { dir, out, argv, stateFile: path.join(out, o.build3.state_file) };
  };
  const run = (s: ReturnType<typeof scratch>, sub: readonly string[], interrupt?: Build3Interrupt) =>
    runB3({ argv: s.argv(sub), cwd: s.out, stateFile: s.stateFile, logDir: s.dir, timeoutMs: o.timeoutMs, ...(o.signal ? { signal: o.signal } : {}), ...(interrupt ? { interrupt } : {}) });
  const checks: CheckRecord[] = [];

  o.info('Build 3: its CLI commands');
  const h = scratch('help');
  const top = await help(h.argv(['--help']), h.out);
  const per: Record<string, number | null> = {};
  for (const c of SEED_BUILD3_COMMANDS) per[c] = (await help(h.argv([c, '--help']), h.out)).exitCode;
  checks.push(checkCommands(top, per, o.ids.commands));

  o.info('Build 3: Ctrl+C mid-build');
  const sigint = scratch('sigint');
  checks.push(checkInterruptSaved(await run(sigint, ['run', '--prd', o.prdPath], { signal: 'SIGINT', when: midBuild, label: 'a builder started' }), o.ids.sigint));

  o.info('Build 3: kill -9 mid-build, then resume');
  const kill = scratch('kill-resume');
  const killed = await run(kill, ['run', '--prd', o.prdPath], { signal: 'SIGKILL', when: midBuild, label: 'a builder started' });
  const resumed = killed.interrupted && killed.final_state ? await run(kill, ['resume']) : null;
  checks.push(checkResumeAfterKill(killed, resumed, o.expectedEnd, o.ids.resume));

  if (o.spent > 0) {
    o.info('Build 3: a budget below what the run costs');
    const budget = scratch('budget', { budget_limit: o.spent / 2 });
    checks.push(checkBudgetStop(await run(budget, ['run', '--prd', o.prdPath]), o.spent / 2, o.ids.budget));
  } else {
    checks.push(check(o.ids.budget, 'a small budget_limit stops Build 3', 'SKIP', `${o.earlierRun}'s Build 3 run cost $${o.spent.toFixed(2)}: no budget can be spent, so a budget stop cannot be observed`, ['B3-10']));
  }
  return checks;
}
