import path from 'node:path';
import { ExitCode, Run4Error, summarizeChecks, formatSummaryLine } from '@run4/checks';
import { executeMilestone, runAll, writeJUnit } from '../milestones/runner.js';
import type { MilestoneResult, RunOptions } from '../milestones/types.js';
import { StateStore } from '../state/index.js';
import { adoptOwnership, createContext, type GlobalOptions, type RunContext } from './context.js';
import { installSignalHandlers } from './signals.js';
import { renderScoreTable } from './status.js';

/** The options `run`, `resume` and `milestone` take on the command line. */
export interface MilestoneCommandOptions {
  backend?: RunOptions['backend'];
  /** `--plant`: comma-separated scan codes to plant in the reference builds. */
  plant?: string;
}

function runOptions(opts: MilestoneCommandOptions): RunOptions {
  return { backend: opts.backend, plant: opts.plant ? opts.plant.split(',').map((s) => s.trim()).filter(Boolean) : undefined };
}

async function withContext<T>(global: GlobalOptions, run: RunOptions, fn: (ctx: RunContext) => Promise<T>, mode: { resume?: boolean } = {}): Promise<T> {
  const controller = new AbortController();
  const ctx = createContext(global, run, controller.signal, mode);
  const dispose = installSignalHandlers(ctx, controller);
  try {
    ctx.cleanup.add('stop recording owned processes', await adoptOwnership(ctx));
    return await fn(ctx);
  } finally {
    const errors = await ctx.cleanup.runAll();
    for (const e of errors) ctx.progress.info(`teardown: ${e}`);
    dispose();
  }
}

function finish(results: MilestoneResult[], outputDir: string): number {
  const all = results.flatMap((r) => r.checks);
  const summary = summarizeChecks(all);
  const junit = writeJUnit(outputDir);
  const state = new StateStore(outputDir).load();
  const table = state ? renderScoreTable(state) : '';
  if (table) process.stdout.write(`${table}\n`);
  for (const r of results) for (const [name, file] of Object.entries(r.artifacts)) process.stdout.write(`M${r.milestone} ${name}: ${file}\n`);
  process.stdout.write(`${formatSummaryLine(summary)}\n`);
  process.stdout.write(`state: ${path.join(outputDir, 'RUN4_STATE.json')}\njunit: ${junit}\n`);
  return results.every((r) => r.status === 'PASS') ? ExitCode.OK : ExitCode.VERIFICATION_FAILED;
}

/**
 * `run4 milestone <m1..m6>`: run one milestone (its DAG prerequisites must be
 * complete), print the score table, artifacts and summary; exit 0 when it
 * passed, 1 when a check failed, 2 for an unknown milestone name.
 *
 * @example
 * process.exitCode = await milestoneCommand({ outputDir: '.run4' }, 'm2', { backend: 'process' });
 */
export async function milestoneCommand(global: GlobalOptions, name: string, opts: MilestoneCommandOptions): Promise<number> {
  const m = /^m?([1-6])$/i.exec(name);
  if (!m) throw new Run4Error(`unknown milestone "${name}" (fix: use one of m1, m2, m3, m4, m5, m6)`, { code: 'USAGE', exitCode: 2 });
  const n = Number(m[1]);
  return withContext(global, runOptions(opts), async (ctx) => {
    if (n === 1) {
      // M1 starts a run: keep the run id when resuming an interrupted one.
      const existing = ctx.store.load();
      if (!existing) await ctx.store.update((s) => s);
    }
    const result = await executeMilestone(n, ctx);
    return finish([result], ctx.outputDir);
  });
}

/**
 * `run4 run` / `run4 resume`: the whole chain M1 → (M2 ∥ M3) → M4 → M5 → M6,
 * from the last completed milestone when `resume` is set.
 *
 * @example
 * process.exitCode = await runCommand({}, { backend: 'process' }, { resume: true });
 */
export async function runCommand(global: GlobalOptions, opts: MilestoneCommandOptions, mode: { resume: boolean }): Promise<number> {
  const resume = mode.resume;
  return withContext(global, runOptions(opts), async (ctx) => finish(await runAll(ctx, { resume }), ctx.outputDir), { resume });
}
