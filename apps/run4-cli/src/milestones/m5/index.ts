import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { FleetResultSchema } from '@run4/builder-runner';
import { teardownCheck } from '@run4/compose-kit';
import { builderApplyFixes, catalogCheck, describeFixLoopEvent as describe, fixLoopChecks, refreshBuilderResults, rescannable, runFixLoop } from '@run4/fix-loop';
import { QualityGateReportSchema, REPORT_FILES, resolveVars, runDataFlows } from '@run4/quality-gate';
import { readMilestoneChecks } from '../checks-file.js';
import { milestoneStatus, type Milestone, type MilestoneResult } from '../types.js';
import type { PhaseContext } from '../m4/live.js';
import { deployGenerated } from '../m4/phase-deploy.js';
import { authHeadersFor, runGate } from '../m4/phase-gate.js';
import { fixPlanted } from './planted.js';
import { fixLoopInputs, gateViolations, RESCAN } from './scan.js';

/**
 * M5: fix passes until convergence (seed 001 R4-M5-001..006). The catalog
 * holds every FAIL of M2..M4 (read from their check files) and every gate
 * violation; M4's re-scannable checks and the violations are re-scanned,
 * the rest stand as they are, OPEN for their owner system. Each pass writes
 * FIX_INSTRUCTIONS.md per service for what a builder can fix, runs the
 * builder in quick mode, re-deploys the generated services and re-runs the
 * flows and the whole gate, with before/after snapshots, regression
 * detection, the aggregate of @run4/scoring re-computed from the current
 * records (score delta, "good enough") and the stop rules. Then the same
 * loop on the copy M4 planted the seed's violations in, apart from the
 * real catalog (`fixPlanted`): its passes and whether each planted
 * violation was removed are in M5's checks (`planted.*.fixed`,
 * `m5.planted.fix-pass`), never in the defect catalog.
 *
 * @example
 * const result = await m5(ctx);
 */
export const m5: Milestone = async (base): Promise<MilestoneResult> => {
  const { config, progress, outputDir } = base;
  const fleetFile = path.join(outputDir, 'm4', 'builder_results.json');
  const gateFile = path.join(outputDir, REPORT_FILES.json);
  if (!existsSync(fleetFile) || !existsSync(gateFile)) {
    const why = `M4 left no ${!existsSync(fleetFile) ? 'builder results' : 'quality gate report'} to fix (run M4 through its builder and gate phases first)`;
    return { milestone: 5, status: 'FAIL' as const, checks: [check('m5.inputs', 'M4 results available', 'FAIL', why, ['R4-M5-001'])], artifacts: {} as Record<string, string>, message: why };
  }
  let results = FleetResultSchema.parse(JSON.parse(readFileSync(fleetFile, 'utf8'))).results;
  const report = QualityGateReportSchema.parse(JSON.parse(readFileSync(gateFile, 'utf8')));
  const [m1, m2, m3, m4] = [1, 2, 3, 4].map((n) => readMilestoneChecks(outputDir, n) ?? []) as [CheckRecord[], CheckRecord[], CheckRecord[], CheckRecord[]];
  const workDir = path.join(outputDir, 'm5');
  mkdirSync(workDir, { recursive: true });
  const state = base.store.load();
  const ctx: PhaseContext = { ...base, live: {}, runId: state?.run_id ?? 'unknown', workDir, data: { builders: { plant: [] } } };
  const services = results.map((r) => r.service_id);
  const applyFailures: string[] = [];
  const apply = builderApplyFixes({
    dirOf: (service) => results.find((r) => r.service_id === service)?.output_dir ?? path.join(outputDir, 'm4_builder_outputs', service),
    command: config.builder_command,
    timeoutMs: config.builder_timeout_s * 1000,
    signal: ctx.signal,
  });
  let passes = 0;
  // Set inside the re-scan closure.
  let lastGateReport = null as string | null;
  const rescan = async () => {
    results = await refreshBuilderResults(results);
    const deployed = await deployGenerated(ctx, results, `fix${passes}`);
    const u = deployed.urls;
    const flows = await runDataFlows(ctx.profile.sample_app.flows, { urls: { ...(ctx.live.build1?.urls ?? {}), ...u }, vars: resolveVars(ctx.profile.sample_app.vars), signal: ctx.signal });
    const reportDir = path.join(workDir, `pass_${passes}`);
    const gate = await runGate(ctx, results, u, { total: flows.length, passed: flows.filter((c) => c.status === 'PASS').length }, passes, reportDir);
    lastGateReport = path.join(reportDir, REPORT_FILES.json);
    const checks: CheckRecord[] = [...deployed.checks, ...flows, ...gate.checks];
    if (ctx.live.generated) await ctx.live.generated.deployment.down();
    return { checks: rescannable(checks, RESCAN), violations: gateViolations(gate.report) };
  };

  progress.phase(5, 'fix passes');
  // M4's checks no re-scan repeats stand beside M2's and M3's: catalogued, scored, never re-verified.
  // The score is the real rubric (seed 001 section 6) on every record at hand: M1's, the standing ones and the latest scan's.
  const { initial, standing, sources, score } = fixLoopInputs({ m1, m2, m3, m4 }, report, state?.mcp_tool_results);
  const result = await runFixLoop({
    outputDir,
    initial,
    standing,
    services,
    deps: {
      score: (scan) => score(scan.checks),
      applyFixes: async (service, instructions) => {
        const row = { milestone: 5, kind: 'builder', name: service, detail: `fix pass ${passes + 1}` } as const;
        progress.row({ ...row, status: 'running' });
        const out = await apply(service, instructions);
        if (out && out.success === false) applyFailures.push(`${service}: ${out.error ?? 'builder failed'}`);
        progress.row({ ...row, status: out?.success === false ? 'failed' : 'passed', ...(typeof out?.cost === 'number' ? { cost: out.cost } : {}) });
        return out;
      },
      rescan: async () => {
        passes += 1;
        return rescan();
      },
    },
    maxFixPasses: config.max_fix_passes,
    budgetLimit: config.budget_limit,
    effectivenessFloor: config.fix_effectiveness_floor,
    regressionRateCeiling: config.regression_rate_ceiling,
    onProgress: (e) => progress.info(describe(e)),
  });
  const checks: CheckRecord[] = [catalogCheck(sources, result.findings, services), ...fixLoopChecks(result, applyFailures)];
  if (ctx.live.generated) checks.push(await teardownCheck(ctx.live.generated.deployment, ['R4-M5-003']));
  // The seed's planted violations, planted by Run 4 in a copy (M4): their own fix loop, apart from the real catalog.
  progress.phase(5, 'fix pass on the planted copy');
  // Its secured operations are called with credentials from the real services (the profile's auth steps), so those run meanwhile.
  const authDeploy = ctx.profile.sample_app.auth ? await deployGenerated(ctx, results, 'planted-auth') : null;
  // Its score delta: the run's aggregate over its final records with the copy's scan beside them (the run's own aggregate never includes the copy).
  const planted = await fixPlanted(ctx, (copyChecks) => score([...result.finalScan.checks, ...copyChecks]), (e) => progress.info(`planted copy: ${describe(e)}`), () => authHeadersFor(ctx, authDeploy?.urls ?? {}));
  if (authDeploy && ctx.live.generated) await ctx.live.generated.deployment.down();
  for (const c of planted.checks) progress.check(c);
  checks.push(...planted.checks);
  await ctx.store.update((s) => {
    s.defect_catalog = result.findings.map((f) => ({ ...f })) as never;
    s.fix_passes = result.passes.map((p) => ({ ...p })) as never;
    s.total_fix_passes = result.passes.length;
    s.convergence_score = result.convergence;
    s.current_phase = 'm5:done';
    // The gate report after the last pass: what M6 audits as still open.
    s.milestone_artifacts.m5_gate_report = lastGateReport;
  });
  return {
    milestone: 5,
    status: milestoneStatus(checks),
    checks,
    artifacts: { snapshots: path.join(outputDir, 'm5_fix_snapshots'), ...(lastGateReport ? { last_gate_report: lastGateReport } : {}) },
    cost: result.totalCost + planted.cost,
    message: `${result.passes.length} pass(es); stopped: ${result.stop.reason ?? 'nothing to fix'}; convergence ${result.convergence.toFixed(3)}; open P0 ${result.finalOpen.P0}, P1 ${result.finalOpen.P1}; aggregate ${result.score.initial?.toFixed(1) ?? 'not computed'}${result.passes.length ? ` -> ${result.score.final?.toFixed(1) ?? 'not computed'}` : ''}; score delta per pass ${result.passes.map((p) => (p.score_delta === undefined ? 'not computed' : `${p.score_delta >= 0 ? '+' : ''}${p.score_delta.toFixed(1)}`)).join(', ') || 'none'}; planted copy: ${planted.checks.find((c) => c.id === 'm5.planted.fix-pass')?.evidence ?? 'not run'}`,
  };
};
