import type { BuilderResult } from '@run4/builder-runner';
import { gateBuiltServices, profileAuthHeaders, type AuthOutcome, type FlowCounts, type GateOutcome } from '@run4/quality-gate';
import { builderOutputsDir } from './phase-builders.js';
import { plantAndGate } from './planted-copy.js';
import type { PhaseContext, PhaseOutput } from './live.js';

/** Headers for live contract testing of secured operations, from the profile's auth steps run against `urls`. */
export function authHeadersFor(ctx: PhaseContext, urls: Record<string, string>): Promise<AuthOutcome> {
  return profileAuthHeaders(ctx.profile, urls, ctx.signal);
}

/**
 * Run the whole quality gate (R4-M4-007) on the generated services
 * (quality-gate's `gateBuiltServices`); reports go into `reportDir` (the
 * output dir for M4, a per-pass folder for M5's re-scans).
 */
export function runGate(ctx: PhaseContext, results: readonly BuilderResult[], urls: Record<string, string>, flows: FlowCounts, fixAttempts = 0, reportDir: string = ctx.outputDir): Promise<GateOutcome> {
  return gateBuiltServices({
    profile: ctx.profile,
    results,
    urls,
    flows,
    fixAttempts,
    maxFixRetries: ctx.config.max_fix_passes,
    reportDir,
    fallbackRootDir: builderOutputsDir(ctx),
    planted: (ctx.data.builders?.plant as string[] | undefined) ?? [],
    signal: ctx.signal,
    onDetail: (line) => ctx.progress.detail(line),
  });
}

/**
 * Phase 8 (R4-M4-007, R4-M4-008): the quality gate on the generated
 * services, with the live ones from phase 6; then Run 4 plants the seed's
 * violations in a copy of one builder's output and gates the copy on its
 * own (see `plantAndGate`). Only the detection checks join this phase's
 * records: the copy's findings and verdict stay in `m4/planted/`.
 */
export async function phaseGate(ctx: PhaseContext): Promise<PhaseOutput> {
  const results = (ctx.data.builders?.results ?? []) as BuilderResult[];
  const flows = (ctx.data.deploy?.flows as FlowCounts | undefined) ?? { total: 0, passed: 0 };
  const outcome = await runGate(ctx, results, ctx.live.generated?.urls ?? {}, flows);
  const planted = await plantAndGate(ctx, results, () => authHeadersFor(ctx, ctx.live.generated?.urls ?? {}));
  return {
    checks: [...outcome.checks, ...planted.checks],
    ...(outcome.report.overall_verdict === 'failed' ? { gateFailed: 'quality gate overall_verdict is "failed"' } : {}),
    data: { overall_verdict: outcome.report.overall_verdict, files: outcome.files, integration_report: outcome.integrationReport, quality_gate_report: JSON.parse(JSON.stringify(outcome.report)), planted: planted.data },
  };
}
