import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { check, type CheckRecord } from '@run4/checks';
import {
  build3Argv, checkBudgetStop, checkCommands, checkInterruptSaved, checkResumeAfterKill, runBuild3, SEED_BUILD3_COMMANDS, writeBuild3Config, type Build3Run,
} from '@run4/builder-runner';
import type { PipelineStateFile } from '@run4/schemas';
import type { MilestoneContext } from '../types.js';

const IDS = { commands: 'm6.build3.commands', sigint: 'm6.build3.sigint', resume: 'm6.build3.kill-resume', budget: 'm6.build3.budget' };

/** A builder has started: the moment a Ctrl+C or kill -9 "mid-build" is sent. */
const midBuild = (s: PipelineStateFile) => s.current_state === 'builders_running' && Object.keys(s.builder_statuses).length > 0;

/**
 * M6's exercises of the stack's Build 3 CLI, each in its own scratch
 * directory from the config values M4 used (read from M4's files):
 * B3-05 its eight commands answer `--help`; B3-09 Ctrl+C mid-build saves
 * its state and leaves no process; B3-08 kill -9 mid-build then `resume`
 * ends where M4's uninterrupted run ended; B3-10 a `budget_limit` below
 * what the run costs stops it (SKIP when M4's run cost nothing). SKIP
 * throughout when the stack profile names no Build 3 command or M4 did
 * not run it.
 *
 * @example
 * const checks = await build3Exercises(ctx);
 */
export async function build3Exercises(ctx: MilestoneContext): Promise<CheckRecord[]> {
  const command = ctx.profile.build3?.command;
  const m4 = path.join(ctx.outputDir, 'm4');
  const valuesFile = path.join(m4, 'build3.values.json');
  const skipAll = (why: string) => [
    check(IDS.commands, 'Build 3 CLI has all 8 commands of seed 004 section 9', 'SKIP', why, ['B3-05']),
    check(IDS.sigint, 'Ctrl+C mid-build: Build 3 saves its state and leaves no process', 'SKIP', why, ['B3-09']),
    check(IDS.resume, 'kill -9 of Build 3 mid-build, then resume, reaches the same end state', 'SKIP', why, ['B3-08']),
    check(IDS.budget, 'a small budget_limit stops Build 3', 'SKIP', why, ['B3-10']),
  ];
  if (!command) return skipAll(`the stack profile names no Build 3 command (build3.command in ${ctx.config.stack_profile})`);
  if (!existsSync(valuesFile)) return skipAll(`M4 did not run Build 3 (no ${valuesFile})`);
  const values = JSON.parse(readFileSync(valuesFile, 'utf8')) as Record<string, unknown>;
  const m4Run = existsSync(path.join(m4, 'build3_run.json')) ? (JSON.parse(readFileSync(path.join(m4, 'build3_run.json'), 'utf8')) as Build3Run) : null;
  const expectedEnd = m4Run?.final_state?.current_state ?? null;
  const stateRel = ctx.profile.build3!.state_file;
  const timeoutMs = (ctx.config.builder_timeout_s * 3 + 900) * 1000;

  /** A fresh scratch directory with its own config (and Build 1 data) for one exercise. */
  const scratch = (name: string, overrides: Record<string, unknown> = {}) => {
    const dir = path.join(ctx.outputDir, 'm6', `build3-${name}`);
    rmSync(dir, { recursive: true, force: true });
    const out = path.join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const config = path.join(dir, 'config.yaml');
    writeBuild3Config(config, ctx.profile.build3!.config, { ...values, output: out, mcp_data_dir: path.join(dir, 'build1-data'), ...overrides });
    const argv = (sub: readonly string[]) => build3Argv(command, { config, output: out, stack: String(values.stack) }, sub);
    return { dir, out, argv, stateFile: path.join(out, stateRel) };
  };
  const run = (s: ReturnType<typeof scratch>, sub: readonly string[], interrupt?: Parameters<typeof runBuild3>[0]['interrupt']) =>
    runBuild3({ argv: s.argv(sub), cwd: s.out, stateFile: s.stateFile, logDir: s.dir, signal: ctx.signal, timeoutMs, ...(interrupt ? { interrupt } : {}) });
  const checks: CheckRecord[] = [];

  ctx.progress.info('Build 3: its CLI commands');
  const help = scratch('help');
  const top = await execa(help.argv(['--help'])[0]!, help.argv(['--help']).slice(1), { cwd: help.out, reject: false, timeout: 60_000 });
  const per: Record<string, number | null> = {};
  for (const c of SEED_BUILD3_COMMANDS) {
    const argv = help.argv([c, '--help']);
    per[c] = (await execa(argv[0]!, argv.slice(1), { cwd: help.out, reject: false, timeout: 60_000 })).exitCode ?? null;
  }
  checks.push(checkCommands({ exitCode: top.exitCode ?? null, text: `${top.stdout}\n${top.stderr}` }, per, IDS.commands));

  ctx.progress.info('Build 3: Ctrl+C mid-build');
  const sigint = scratch('sigint');
  checks.push(checkInterruptSaved(await run(sigint, ['run', '--prd', ctx.config.sample_prd_path], { signal: 'SIGINT', when: midBuild, label: 'a builder started' }), IDS.sigint));

  ctx.progress.info('Build 3: kill -9 mid-build, then resume');
  const kill = scratch('kill-resume');
  const killed = await run(kill, ['run', '--prd', ctx.config.sample_prd_path], { signal: 'SIGKILL', when: midBuild, label: 'a builder started' });
  const resumed = killed.interrupted && killed.final_state ? await run(kill, ['resume']) : null;
  checks.push(checkResumeAfterKill(killed, resumed, expectedEnd, IDS.resume));

  const spent = m4Run?.final_state?.total_cost ?? 0;
  if (spent > 0) {
    ctx.progress.info('Build 3: a budget below what the run costs');
    const budget = scratch('budget', { budget_limit: spent / 2 });
    checks.push(checkBudgetStop(await run(budget, ['run', '--prd', ctx.config.sample_prd_path]), spent / 2, IDS.budget));
  } else {
    checks.push(check(IDS.budget, 'a small budget_limit stops Build 3', 'SKIP', `M4's Build 3 run cost $${spent.toFixed(2)}: no budget can be spent, so a budget stop cannot be observed`, ['B3-10']));
  }
  return checks;
}
