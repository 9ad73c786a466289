import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckRecord } from '@run4/checks';
import { build3ExerciseSkips, exerciseBuild3Cli, type Build3Run } from '@run4/builder-runner';
import type { MilestoneContext } from '../types.js';

const IDS = { commands: 'm6.build3.commands', sigint: 'm6.build3.sigint', resume: 'm6.build3.kill-resume', budget: 'm6.build3.budget' };

/**
 * M6's exercises of the stack's Build 3 CLI (B3-05, B3-08, B3-09, B3-10;
 * run and judged by builder-runner's `exerciseBuild3Cli`), from the config
 * values M4 used (read from M4's files). SKIP throughout when the stack
 * profile names no Build 3 command or M4 did not run it.
 *
 * @example
 * const checks = await build3Exercises(ctx);
 */
export async function build3Exercises(ctx: MilestoneContext): Promise<CheckRecord[]> {
  const b3 = ctx.profile.build3;
  const m4 = path.join(ctx.outputDir, 'm4');
  const valuesFile = path.join(m4, 'build3.values.json');
  if (!b3?.command) return build3ExerciseSkips(IDS, `the stack profile names no Build 3 command (build3.command in ${ctx.config.stack_profile})`);
  if (!existsSync(valuesFile)) return build3ExerciseSkips(IDS, `M4 did not run Build 3 (no ${valuesFile})`);
  const m4Run = existsSync(path.join(m4, 'build3_run.json')) ? (JSON.parse(readFileSync(path.join(m4, 'build3_run.json'), 'utf8')) as Build3Run) : null;
  return exerciseBuild3Cli({
    build3: { ...b3, command: b3.command },
    values: JSON.parse(readFileSync(valuesFile, 'utf8')) as Record<string, unknown>,
    expectedEnd: m4Run?.final_state?.current_state ?? null,
    spent: m4Run?.final_state?.total_cost ?? 0,
    earlierRun: 'M4',
    prdPath: ctx.config.sample_prd_path,
    scratchRoot: path.join(ctx.outputDir, 'm6'),
    timeoutMs: (ctx.config.builder_timeout_s * 3 + 900) * 1000,
    signal: ctx.signal,
    ids: IDS,
    info: (m) => ctx.progress.info(m),
  });
}
