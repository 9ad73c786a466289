import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Run4Error, summarizeChecks, toJUnitXml } from '@run4/checks';
import { MILESTONE_DEPENDENCIES, milestonesToRun, newState, type RunOptionsRecord } from '../state/index.js';
import { MILESTONES, MILESTONE_TITLES } from './registry.js';
import { checksFile, readMilestoneChecks } from './checks-file.js';
import type { MilestoneContext, MilestoneResult } from './types.js';

export { checksFile, readMilestoneChecks };

export class PrerequisiteError extends Run4Error {
  constructor(milestone: number, missing: number[]) {
    super(
      `milestone M${milestone} needs ${missing.map((m) => `M${m}`).join(' and ')} completed first (fix: run "run4 milestone m${missing[0]}" or "run4 run")`,
      { code: 'PREREQUISITE_MISSING', exitCode: 2 },
    );
  }
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/**
 * Run one milestone: check its DAG prerequisites, checkpoint the state
 * before and after, write `m<n>_checks.json`, and mark it completed.
 *
 * @example
 * const result = await executeMilestone(1, ctx);
 */
export async function executeMilestone(n: number, ctx: MilestoneContext & { runRecord?: RunOptionsRecord }, options: { requirePrerequisites?: boolean } = {}): Promise<MilestoneResult> {
  const state = ctx.store.load();
  const missing = (MILESTONE_DEPENDENCIES[n] ?? []).filter((d) => !state?.completed_milestones.includes(d));
  if ((options.requirePrerequisites ?? true) && missing.length > 0) throw new PrerequisiteError(n, missing);
  const close = ctx.progress.open([{ n, title: MILESTONE_TITLES[n] ?? '' }]);
  try {
    return await runMilestone(n, ctx);
  } finally {
    close();
  }
}

async function runMilestone(n: number, ctx: MilestoneContext & { runRecord?: RunOptionsRecord }): Promise<MilestoneResult> {
  await ctx.store.update((s) => {
    s.current_milestone = n;
    s.current_phase = `m${n}:started`;
    s.interrupted = false;
    // a run started by "run4 milestone m1" records its options too, for "run4 resume"
    if (!s.run_options && ctx.runRecord) s.run_options = ctx.runRecord;
  });
  ctx.progress.milestone(n, MILESTONE_TITLES[n] ?? '');
  const started = Date.now();
  const result = await MILESTONES[n]!(ctx);
  const file = checksFile(ctx.outputDir, n);
  writeAtomic(file, JSON.stringify({ milestone: n, status: result.status, checks: result.checks }, null, 2) + '\n');
  const summary = summarizeChecks(result.checks);
  await ctx.store.update((s) => {
    s.milestone_artifacts[`m${n}`] = {
      status: result.status,
      checks_file: path.basename(file),
      passed: summary.passed,
      failed: summary.failed,
      warned: summary.warned,
      skipped: summary.skipped,
      duration_ms: Date.now() - started,
      finished_at: new Date().toISOString(),
      artifacts: result.artifacts,
    };
    s.phase_costs[`m${n}`] = result.cost ?? 0;
    s.total_cost = Object.values(s.phase_costs).reduce((a, b) => a + b, 0);
    s.completed_milestones = [...new Set([...s.completed_milestones, n])].sort((a, b) => a - b);
    s.current_phase = `m${n}:complete`;
  });
  ctx.progress.done(n, result.status, result.message, result.cost);
  return result;
}

/** Write junit.xml from every milestone's check records so far. */
export function writeJUnit(outputDir: string): string {
  const suites = [1, 2, 3, 4, 5, 6].flatMap((n) => {
    const checks = readMilestoneChecks(outputDir, n);
    return checks ? [{ name: `M${n} ${MILESTONE_TITLES[n]}`, checks }] : [];
  });
  const file = path.join(outputDir, 'junit.xml');
  writeAtomic(file, toJUnitXml(suites));
  return file;
}

/**
 * The whole chain M1 → (M2 ∥ M3) → M4 → M5 → M6 (seed 000's DAG). With
 * `resume`, milestones already completed are skipped (seed 001 section 7.3);
 * otherwise the state starts fresh. Either way the run's options (backend,
 * planted codes, config file) are recorded as `run_options`, which is what
 * a later `resume` continues with. Returns every milestone's result.
 *
 * @example
 * const results = await runAll(ctx, { resume: false });
 */
export async function runAll(ctx: MilestoneContext & { runRecord?: RunOptionsRecord }, options: { resume: boolean }): Promise<MilestoneResult[]> {
  const record = ctx.runRecord;
  // a fresh run replaces whatever is there (even a corrupt state or one from a newer Run 4) without reading it
  if (!options.resume) await ctx.store.reset({ ...newState(), ...(record ? { run_options: record } : {}) });
  else if (record) await ctx.store.update((s) => void (s.run_options = record));
  ctx.options.resume = options.resume;
  const todo = new Set(milestonesToRun(options.resume ? ctx.store.load() : null));
  const results: MilestoneResult[] = [];
  const waves = [[1], [2, 3], [4], [5], [6]];
  // the live view shows the whole chain: completed by an earlier run, to run now
  const close = ctx.progress.open(waves.flat().map((n) => ({ n, title: MILESTONE_TITLES[n] ?? '', earlier: !todo.has(n) })));
  try {
    await runWaves(ctx, waves, todo, results);
  } finally {
    close();
  }
  return results;
}

async function runWaves(ctx: MilestoneContext & { runRecord?: RunOptionsRecord }, waves: number[][], todo: Set<number>, results: MilestoneResult[]): Promise<void> {
  for (const wave of waves) {
    const pending = wave.filter((n) => todo.has(n));
    if (pending.length === 0) continue;
    if (ctx.signal.aborted) break;
    // allSettled: a failure in M2 must not leave M3 running unobserved.
    const settled = await Promise.allSettled(pending.map((n) => executeMilestone(n, ctx)));
    for (const s of settled) if (s.status === 'fulfilled') results.push(s.value);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
