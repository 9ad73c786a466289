import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IntegrationReportSchema, type QualityGateReport, runQualityGate, writeReports } from '@run4/quality-gate';
import { PhaseError } from '../errors.js';
import type { GateOutcome, PipelineContext } from '../pipeline/context.js';
import { runIntegratePhase } from './integrate-phase.js';

/** Options of the gate phase (the `verify` command's flags). */
export interface QualityPhaseOptions {
  /** Run only these layers (`verify --layer N`); the others are reported skipped. */
  layers?: ReadonlyArray<1 | 2 | 3 | 4>;
}

/**
 * Directory holding every builder directory (the gate's root).
 *
 * @example
 * buildersRoot(ctx); // '<state dir>/builders'
 */
export function buildersRoot(ctx: PipelineContext): string {
  return join(ctx.state.state_dir, 'builders');
}

/**
 * quality_gate: run @run4/quality-gate's four layers in order, Layer 1 over
 * the builders' results, Layer 2 over the IntegrationReport (re-deployed
 * and re-tested first after a fix pass, so fixes are judged live), Layers 3
 * and 4 over the services' code; write QUALITY_GATE_REPORT.md,
 * quality_gate_report.json (seed 003 section 7.5) and quality_gate.sarif.
 *
 * @example
 * const outcome = await runQualityPhase(ctx);
 */
export async function runQualityPhase(ctx: PipelineContext, options: QualityPhaseOptions = {}): Promise<GateOutcome> {
  const { state, config } = ctx;
  if (state.quality_attempts > 0 || !state.integration_report_path) {
    ctx.log(`[gate] re-deploying to test the services as they are now (fix pass ${state.quality_attempts})`);
    await runIntegratePhase(ctx);
    if (ctx.signal.aborted) return { overall_verdict: 'skipped', layers: {} };
  }
  let integrationReport;
  try {
    integrationReport = IntegrationReportSchema.parse(JSON.parse(readFileSync(state.integration_report_path, 'utf8')));
  } catch (cause) {
    throw new PhaseError('quality_gate', `cannot read the IntegrationReport ${state.integration_report_path}: ${(cause as Error).message}`, cause);
  }
  const root = buildersRoot(ctx);
  const report: QualityGateReport = await runQualityGate({
    rootDir: root,
    services: state.services.map((s) => ({ name: s.name, dir: relative(root, s.builder_dir) })),
    builderResults: state.builder_results,
    integrationReport,
    config: config.quality_gate,
    fixAttempts: state.quality_attempts,
    ...(options.layers ? { layers: options.layers } : {}),
  });
  const written = await writeReports(report, state.state_dir);
  state.quality_report_path = written.json ?? '';
  state.phase_artifacts.quality_gate = Object.fromEntries(Object.entries(written).map(([k, v]) => [k, v as string]));
  const layers = Object.fromEntries(Object.entries(report.layers).map(([name, layer]) => [name, layer.verdict]));
  ctx.log(
    `[gate] ${Object.entries(layers)
      .map(([n, v]) => `${n} ${v}`)
      .join(', ')} => ${report.overall_verdict} (${report.total_violations} violation(s), ${report.blocking_violations} blocking)`,
  );
  return { overall_verdict: report.overall_verdict, layers };
}
