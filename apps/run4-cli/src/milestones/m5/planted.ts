import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { builderApplyFixes, runFixLoop, type FixLoopEvent } from '@run4/fix-loop';
import { findPlanted, plantedFixChecks, QualityGateReportSchema, type PlantedFinding } from '@run4/quality-gate';
import type { PhaseContext } from '../m4/live.js';
import { gateCopy, readPlantedRun, type CopyAuth } from '../m4/planted-copy.js';
import { refreshResults } from './refresh-results.js';
import { gateViolations, rescannable } from './scan.js';

const NAME = 'a fix pass on Run 4\'s planted copy, through the stack\'s own builder';

/**
 * The fix loop on the copy M4 planted the seed's violations in (R4-M5-003,
 * seed 001 section 5.1), apart from the real services' loop: the copy's
 * findings go to its FIX_INSTRUCTIONS.md, the stack's builder runs on the
 * copy in quick mode (the profile's `build2.command`, as for any fix pass),
 * the copy is re-deployed on its own and re-gated. Snapshots and per-pass
 * reports go to `m5/planted/`; `auth` gets the credentials for its
 * secured operations from the real services. Returns one check per planted
 * kind (fixed or not, `planted.<code>.fixed`) and `m5.planted.fix-pass`,
 * whose data holds the passes with their score delta (`score` gives the
 * aggregate of a set of records; the caller decides which records stand
 * beside the copy's scan) for the audit's "Planted by Run 4".
 *
 * @example
 * const { checks } = await fixPlanted(ctx, score, (e) => progress.info(describe(e)), () => authHeadersFor(ctx, urls));
 */
export async function fixPlanted(ctx: PhaseContext, score: (checks: readonly CheckRecord[]) => number | null, onProgress: (event: FixLoopEvent) => void, auth: CopyAuth): Promise<{ checks: CheckRecord[]; cost: number }> {
  const run = readPlantedRun(ctx.outputDir);
  if (!run) return { cost: 0, checks: [check('m5.planted.fix-pass', NAME, 'SKIP', 'M4 made no planted copy (m4/planted/planted.json absent or unreadable)', ['R4-M5-003'], 0, { planted_by_run4: true, passes: [] })] };
  if (!existsSync(run.report_file)) return { cost: 0, checks: [check('m5.planted.fix-pass', NAME, 'FAIL', `the planted copy's gate report ${run.report_file} is missing`, ['R4-M5-003'], 0, { planted_by_run4: true, passes: [] })] };
  const before = QualityGateReportSchema.parse(JSON.parse(readFileSync(run.report_file, 'utf8')));
  const foundBefore = findPlanted(run.manifest, before, { live: run.answered });
  if (!foundBefore.some((f) => f.found)) {
    return {
      cost: 0,
      checks: [
        ...plantedFixChecks(run.manifest, foundBefore, null, 0),
        check('m5.planted.fix-pass', NAME, 'SKIP', `the gate found none of the violations planted in ${run.service}: nothing to fix`, ['R4-M5-003'], 0, { planted_by_run4: true, service: run.service, passes: [] }),
      ],
    };
  }
  const workDir = path.join(ctx.outputDir, 'm5', 'planted');
  let copy = run.result as unknown as BuilderResult;
  let passes = 0;
  let foundAfter: PlantedFinding[] | null = null;
  const failures: string[] = [];
  const apply = builderApplyFixes({ dirOf: () => run.copy_dir, command: ctx.config.builder_command, timeoutMs: ctx.config.builder_timeout_s * 1000, signal: ctx.signal });
  const result = await runFixLoop({
    outputDir: workDir,
    initial: { checks: rescannable(run.checks), violations: gateViolations(before) },
    services: [run.service],
    deps: {
      score: (scan) => score(scan.checks),
      applyFixes: async (service, instructions) => {
        const out = await apply(service, instructions);
        if (out && out.success === false) failures.push(`builder failed: ${service}: ${out.error ?? 'no reason given'}`);
        return out;
      },
      rescan: async () => {
        passes += 1;
        copy = (await refreshResults([copy]))[0]!;
        const gate = await gateCopy(ctx, copy, path.join(workDir, `pass_${passes}`), passes, auth);
        foundAfter = findPlanted(run.manifest, gate.report, { live: gate.answered });
        if (!gate.answered) failures.push(`the copy did not answer after pass ${passes}: ${gate.live}`);
        return { checks: rescannable(gate.checks), violations: gateViolations(gate.report) };
      },
    },
    maxFixPasses: ctx.config.max_fix_passes,
    budgetLimit: ctx.config.budget_limit,
    effectivenessFloor: ctx.config.fix_effectiveness_floor,
    regressionRateCeiling: ctx.config.regression_rate_ceiling,
    onProgress,
  });
  const fixChecks = plantedFixChecks(run.manifest, foundBefore, foundAfter, passes);
  const fixed = fixChecks.filter((c) => c.status === 'PASS').length;
  const judged = fixChecks.filter((c) => c.status !== 'SKIP').length;
  const deltas = result.passes.map((p) => (p.score_delta === undefined ? 'score not computed' : `aggregate ${p.score_before?.toFixed(1)} -> ${p.score_after?.toFixed(1)}`));
  const status = result.passes.length === 0 || failures.length > 0 || fixed < judged ? 'FAIL' : 'PASS';
  const evidence = result.passes.length === 0
    ? `no fix pass ran on the planted copy of ${run.service}: ${result.stop.detail}`
    : `${result.passes.length} pass(es) on the planted copy of ${run.service}: ${fixed}/${judged} planted violation(s) found by the gate removed; ${result.passes.map((p, i) => `pass ${p.pass_number} resolved ${p.resolved}/${p.targeted}, ${deltas[i]}`).join('; ')}${failures.length ? `; ${failures.join('; ')}` : ''}; stopped: ${result.stop.reason ?? 'none'}`;
  const checks = [
    ...fixChecks,
    check('m5.planted.fix-pass', NAME, status, evidence, ['R4-M5-003', 'R4-M5-004'], 0, {
      planted_by_run4: true,
      service: run.service,
      copy_dir: run.copy_dir,
      stop_reason: result.stop.reason,
      passes: result.passes.map((p) => ({ ...p })),
    }),
  ];
  return { checks, cost: result.totalCost };
}
