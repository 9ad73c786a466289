import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { findPlanted, plantedFixChecks, QualityGateReportSchema, type PlantedFinding, type PlantManifest, type QualityGateReport } from '@run4/quality-gate';
import { builderApplyFixes, type BuilderApplyOptions } from './builder-apply.js';
import { gateViolations, rescannable, type RescanFilter } from './gate-scan.js';
import { refreshBuilderResults } from './refresh-results.js';
import { runFixLoop, type FixLoopEvent } from './run-fix-loop.js';
import type { StopRuleOptionsInput } from './stop-rules.js';

/** Id of the check that sums up the fix loop on a planted copy. */
export const PLANTED_FIX_PASS_CHECK = 'm5.planted.fix-pass';

const NAME = 'a fix pass on Run 4\'s planted copy, through the stack\'s own builder';

/** A copy of one built service that Run 4 planted violations in, as its planting step recorded it. */
export interface PlantedCopy {
  service: string;
  copy_dir: string;
  manifest: PlantManifest;
  /** The copy's builder result (the original's, pointing at the copy). */
  result: { service_id: string; output_dir: string; success: boolean };
  /** The copy's quality_gate_report.json. */
  report_file: string;
  /** The copy's gate checks: the loop's first scan. */
  checks: CheckRecord[];
  /** Whether the copy answered HTTP at all when it was gated. */
  answered: boolean;
}

/** What gating the copy again gave. */
export interface CopyGateOutcome {
  report: QualityGateReport;
  checks: CheckRecord[];
  /** Whether the copy answered HTTP (the live layer could look at it). */
  answered: boolean;
  /** How the deployed copy answered, for evidence. */
  live: string;
}

export interface FixPlantedCopyOptions extends StopRuleOptionsInput {
  /** The planted copy, or null when none was made. */
  copy: PlantedCopy | null;
  /** The SKIP evidence when `copy` is null. */
  noCopy: string;
  /** Where snapshots and per-pass reports go. */
  workDir: string;
  /** Re-deploy the copy on its own, gate it, write its reports to `reportDir`, take it down. */
  gate: (copy: BuilderResult, reportDir: string, passNumber: number) => Promise<CopyGateOutcome>;
  /** The aggregate of a set of records (the caller decides which records stand beside the copy's scan). */
  score: (checks: readonly CheckRecord[]) => number | null;
  /** Which gate checks a re-scan repeats. */
  rescan: RescanFilter;
  /** How to run the stack's builder in quick mode (its directory is the copy's). */
  builder: Omit<BuilderApplyOptions, 'dirOf'>;
  onProgress?: (event: FixLoopEvent) => void;
}

/**
 * The fix loop on a copy Run 4 planted violations in (R4-M5-003, seed 001
 * section 5.1), apart from the real services' loop: the copy's findings go
 * to its FIX_INSTRUCTIONS.md, the stack's builder runs on the copy in quick
 * mode, the copy is re-gated through `gate`. Returns one check per planted
 * kind (`planted.<code>.fixed`) and `m5.planted.fix-pass`, whose data holds
 * the passes with their score delta, and the builder cost.
 *
 * @example
 * const { checks, cost } = await fixPlantedCopy({ copy, noCopy: 'no planted copy', workDir, gate, score, rescan: { pattern: /^(gate|l2)\./ }, builder: { command, timeoutMs: 600_000 }, maxFixPasses: 1 });
 */
export async function fixPlantedCopy(options: FixPlantedCopyOptions): Promise<{ checks: CheckRecord[]; cost: number }> {
  const { copy: run, workDir, gate, score, rescan: filter, builder, onProgress, noCopy, ...stopRules } = options;
  if (!run) return { cost: 0, checks: [check(PLANTED_FIX_PASS_CHECK, NAME, 'SKIP', noCopy, ['R4-M5-003'], 0, { planted_by_run4: true, passes: [] })] };
  if (!existsSync(run.report_file)) return { cost: 0, checks: [check(PLANTED_FIX_PASS_CHECK, NAME, 'FAIL', `the planted copy's gate report ${run.report_file} is missing`, ['R4-M5-003'], 0, { planted_by_run4: true, passes: [] })] };
  const before = QualityGateReportSchema.parse(JSON.parse(readFileSync(run.report_file, 'utf8')));
  const foundBefore = findPlanted(run.manifest, before, { live: run.answered });
  if (!foundBefore.some((f) => f.found)) {
    return {
      cost: 0,
      checks: [
        ...plantedFixChecks(run.manifest, foundBefore, null, 0),
        check(PLANTED_FIX_PASS_CHECK, NAME, 'SKIP', `the gate found none of the violations planted in ${run.service}: nothing to fix`, ['R4-M5-003'], 0, { planted_by_run4: true, service: run.service, passes: [] }),
      ],
    };
  }
  let copy = run.result as unknown as BuilderResult;
  let passes = 0;
  let foundAfter: PlantedFinding[] | null = null;
  const failures: string[] = [];
  const apply = builderApplyFixes({ ...builder, dirOf: () => run.copy_dir });
  const result = await runFixLoop({
    ...stopRules,
    outputDir: workDir,
    initial: { checks: rescannable(run.checks, filter), violations: gateViolations(before) },
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
        copy = (await refreshBuilderResults([copy]))[0]!;
        const gated = await gate(copy, path.join(workDir, `pass_${passes}`), passes);
        foundAfter = findPlanted(run.manifest, gated.report, { live: gated.answered });
        if (!gated.answered) failures.push(`the copy did not answer after pass ${passes}: ${gated.live}`);
        return { checks: rescannable(gated.checks, filter), violations: gateViolations(gated.report) };
      },
    },
    ...(onProgress ? { onProgress } : {}),
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
    check(PLANTED_FIX_PASS_CHECK, NAME, status, evidence, ['R4-M5-003', 'R4-M5-004'], 0, {
      planted_by_run4: true,
      service: run.service,
      copy_dir: run.copy_dir,
      stop_reason: result.stop.reason,
      passes: result.passes.map((p) => ({ ...p })),
    }),
  ];
  return { checks, cost: result.totalCost };
}
