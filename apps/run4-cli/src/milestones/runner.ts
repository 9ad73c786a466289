import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CheckRecordSchema, Run4Error, summarizeChecks, toJUnitXml, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { MILESTONE_DEPENDENCIES, milestonesToRun, newState } from '../state/index.js';
import { MILESTONES, MILESTONE_TITLES } from './registry.js';
import type { MilestoneContext, MilestoneResult } from './types.js';

export class PrerequisiteError extends Run4Error {
  constructor(milestone: number, missing: number[]) {
    super(
      `milestone M${milestone} needs ${missing.map((m) => `M${m}`).join(' and ')} completed first (fix: run "run4 milestone m${missing[0]}" or "run4 run")`,
      { code: 'PREREQUISITE_MISSING', exitCode: 2 },
    );
  }
}

const ChecksFileSchema = z.object({ milestone: z.number(), status: z.enum(['PASS', 'FAIL']), checks: z.array(CheckRecordSchema) });

/** Path of the check-record artifact of milestone n. */
export function checksFile(outputDir: string, n: number): string {
  return path.join(outputDir, `m${n}_checks.json`);
}

/** Read a milestone's check records back (null when it has not run). */
export function readMilestoneChecks(outputDir: string, n: number): CheckRecord[] | null {
  const file = checksFile(outputDir, n);
  if (!existsSync(file)) return null;
  const parsed = ChecksFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.checks : null;
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
export async function executeMilestone(n: number, ctx: MilestoneContext, options: { requirePrerequisites?: boolean } = {}): Promise<MilestoneResult> {
  const state = ctx.store.load();
  const missing = (MILESTONE_DEPENDENCIES[n] ?? []).filter((d) => !state?.completed_milestones.includes(d));
  if ((options.requirePrerequisites ?? true) && missing.length > 0) throw new PrerequisiteError(n, missing);
  await ctx.store.update((s) => {
    s.current_milestone = n;
    s.current_phase = `m${n}:started`;
    s.interrupted = false;
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
  ctx.progress.done(n, result.status, result.message);
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
 * otherwise the state starts fresh. Returns every milestone's result.
 *
 * @example
 * const results = await runAll(ctx, { resume: false });
 */
export async function runAll(ctx: MilestoneContext, options: { resume: boolean }): Promise<MilestoneResult[]> {
  if (!options.resume) await ctx.store.update(() => newState());
  ctx.options.resume = options.resume;
  const todo = new Set(milestonesToRun(options.resume ? ctx.store.load() : null));
  const results: MilestoneResult[] = [];
  const waves = [[1], [2, 3], [4], [5], [6]];
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
  return results;
}
