import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckRecord } from '@run4/checks';
import { scoreAndReport, type MilestoneCost } from '@run4/audit';
import { QualityGateReportSchema, REPORT_FILES } from '@run4/quality-gate';
import { readMilestoneChecks } from '../checks-file.js';
import { milestoneStatus, type Milestone } from '../types.js';
import { gateViolations } from '../m5/scan.js';
import { darkCornerKillResume } from './dc-kill-resume.js';
import { darkCornerSharedIndex } from './dc-shared-index.js';
import { systemEvidence } from './system-evidence.js';
import { cliCommandsCheck, costAccumulationCheck } from './cli-exercises.js';
import { build3Exercises } from './build3-exercises.js';

/**
 * M6: exercise the dark corners that no earlier milestone reached (two
 * writers on one index, kill -9 mid-build then resume), score every system
 * from the check records (seed 001 section 6), and write
 * SUPER_TEAM_AUDIT_REPORT.md and audit_report.json (R4-M6-001..009).
 *
 * @example
 * const result = await m6(ctx);
 */
export const m6: Milestone = async (ctx) => {
  const { progress, outputDir, installRoot } = ctx;
  progress.phase(6, 'dark corners');
  const cliPath = path.join(installRoot, 'apps/run4-cli/dist/main.js');
  const dark: CheckRecord[] = [await darkCornerSharedIndex(ctx), ...(await darkCornerKillResume(ctx, cliPath)), await cliCommandsCheck(cliPath), ...(await build3Exercises(ctx))];
  for (const c of dark) progress.check(c);

  progress.phase(6, 'scores and audit report');
  const earlier = [1, 2, 3, 4, 5].flatMap((n) => readMilestoneChecks(outputDir, n) ?? []);
  const state = ctx.store.load();
  // The violations still open: the last fix pass's gate report, else M4's.
  const afterFixes = state?.milestone_artifacts.m5_gate_report;
  const gateFile = typeof afterFixes === 'string' && existsSync(afterFixes) ? afterFixes : path.join(outputDir, REPORT_FILES.json);
  const gate = existsSync(gateFile) ? QualityGateReportSchema.safeParse(JSON.parse(readFileSync(gateFile, 'utf8'))) : null;
  progress.phase(6, 'code quality and documentation of each system');
  const evidence = await systemEvidence(ctx);
  for (const c of evidence.checks) progress.check(c);
  const cost = costAccumulationCheck(state, [1, 2, 3, 4, 5]);
  progress.check(cost);
  dark.push(cost);
  const artifacts = (state?.milestone_artifacts ?? {}) as Record<string, { duration_ms?: number } | undefined>;
  const pipeline = existsSync(path.join(outputDir, 'm4_pipeline.json')) ? (JSON.parse(readFileSync(path.join(outputDir, 'm4_pipeline.json'), 'utf8')) as { phases?: Record<string, { data?: { backend?: string } }> }) : {};
  const fiveStop = readMilestoneChecks(outputDir, 5)?.find((c) => c.id === 'm5.fix-loop.converged');
  const { scores, written, checks: own } = await scoreAndReport({
    outputDir,
    runId: state?.run_id ?? '',
    checks: [...earlier, ...dark, ...evidence.checks],
    systems: evidence.systems,
    toolResults: state?.mcp_tool_results ?? {},
    fixLoop: state ? { findings: state.defect_catalog, passes: state.fix_passes as never, totalPasses: state.total_fix_passes, convergenceScore: state.convergence_score } : null,
    stopReason: String((fiveStop?.data as { stop_reason?: string } | undefined)?.stop_reason ?? ''),
    violations: gate?.success ? gateViolations(gate.data) : [],
    costs: [1, 2, 3, 4, 5].map((n) => ({ milestone: `M${n}` as MilestoneCost['milestone'], cost: state?.phase_costs[`m${n}`] ?? 0, durationMs: artifacts[`m${n}`]?.duration_ms ?? null })),
    repoRoot: installRoot,
    backend: pipeline.phases?.deploy?.data?.backend ?? pipeline.phases?.build1?.data?.backend ?? '',
    ids: { scores: 'm6.scores', report: 'm6.audit-report' },
  });
  await ctx.store.update((s) => {
    s.per_system_scores = scores.perSystemScores;
    s.integration_score = scores.integration.score ?? 0;
    s.aggregate_score = scores.aggregate.score ?? 0;
    s.audit_report_path = written.markdownPath;
    s.milestone_artifacts.scores = { aggregate_light: scores.aggregate.light, verdict: written.verdict, aggregate: scores.aggregate.score, integration: scores.integration.score, systems: Object.fromEntries(Object.entries(scores.systems).map(([k, v]) => [k, { score: v.score, light: v.light }])) };
    s.current_phase = 'm6:done';
  });
  const all = [...dark, ...evidence.checks, ...own];
  return {
    milestone: 6,
    status: milestoneStatus(all),
    checks: all,
    artifacts: { audit_markdown: written.markdownPath, audit_json: written.jsonPath },
    message: `aggregate ${scores.aggregate.score ?? 'UNTESTED'} (${scores.aggregate.light}); report ${written.markdownPath}`,
  };
};
