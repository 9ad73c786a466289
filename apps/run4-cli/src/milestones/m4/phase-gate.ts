import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { checkPlantedViolations, renderMarkdown, resolveVars, runLayer2, runQualityGate, runSteps, substitute, writeReports, type GateService, type Layer2Service, type QualityGateReport } from '@run4/quality-gate';
import { builderOutputsDir } from './phase-builders.js';
import { plantAndGate } from './planted-copy.js';
import type { PhaseContext, PhaseOutput } from './live.js';

/**
 * Provider states of the service's pacts, set up for real on the live
 * provider by the profile's steps; the params (with captured values, e.g.
 * an access token for a ProviderState generator) go back to the verifier.
 */
function stateHandlers(ctx: PhaseContext, service: string, urls: Record<string, string>): Record<string, () => Promise<Record<string, string> | undefined>> {
  const states = ctx.profile.sample_app.contracts[service]?.provider_states ?? {};
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => [
      name,
      async () => {
        const vars = resolveVars(ctx.profile.sample_app.vars);
        const out = await runSteps(state.steps, { urls, vars, signal: ctx.signal });
        if (!out.ok) throw new Error(`provider state "${name}" could not be set up: ${out.evidence.at(-1)}`);
        const params = Object.fromEntries(Object.entries(state.params).map(([k, v]) => [k, String(substitute(v, vars))]));
        return Object.keys(params).length ? params : undefined;
      },
    ]),
  );
}

/** Pass counts of the cross-service flow checks (phase 6), folded into the IntegrationReport. */
export interface FlowCounts {
  total: number;
  passed: number;
}

/**
 * Headers for live contract testing of secured operations: the profile's
 * auth steps run once against the live services (e.g. register and log in
 * a user), then its headers carry what they captured. Without them the gate
 * could only exercise secured endpoints as 401s.
 */
export async function authHeadersFor(ctx: PhaseContext, urls: Record<string, string>): Promise<{ headers: Record<string, string>; note: string }> {
  const auth = ctx.profile.sample_app.auth;
  if (!auth) return { headers: {}, note: 'no auth steps in the stack profile' };
  const vars = resolveVars(ctx.profile.sample_app.vars);
  const out = await runSteps(auth.steps, { urls, vars, signal: ctx.signal });
  if (!out.ok) return { headers: {}, note: `auth steps failed: ${out.evidence.at(-1)}` };
  return { headers: Object.fromEntries(Object.entries(auth.headers).map(([k, v]) => [k, String(substitute(v, vars))])), note: 'authenticated by the profile\'s auth steps' };
}

export interface GateOutcome {
  report: QualityGateReport;
  checks: CheckRecord[];
  integrationReport: unknown;
  files: Partial<Record<'md' | 'json' | 'sarif', string>>;
}

/**
 * Run the whole quality gate (R4-M4-007) on the generated services: L1 from
 * the builder results, L2 live contract compliance (OpenAPI-driven requests
 * and Pact provider verification) with the cross-service flow counts, L3
 * scans and L4 advisories; write QUALITY_GATE_REPORT.md,
 * quality_gate_report.json and quality_gate.sarif into `reportDir` (the
 * output dir for M4, a per-pass folder for M5's re-scans); check planted codes
 * appear (SC-05, R4-M4-008).
 */
export async function runGate(ctx: PhaseContext, results: readonly BuilderResult[], urls: Record<string, string>, flows: FlowCounts, fixAttempts = 0, reportDir: string = ctx.outputDir): Promise<GateOutcome> {
  // Where the builders wrote (Run 4's own builder outputs, or the directory a Build 3 gave its builders).
  const dirs = results.map((r) => path.dirname(r.output_dir));
  const rootDir = dirs.length && dirs.every((d) => d === dirs[0]) ? dirs[0]! : builderOutputsDir(ctx);
  const services: GateService[] = results.map((r) => ({
    name: r.service_id,
    dir: path.relative(rootDir, r.output_dir) || '.',
    ...(urls[r.service_id] ? { baseUrl: urls[r.service_id] } : {}),
    openapi: path.join(r.output_dir, 'contracts', 'openapi.yaml'),
    pactFiles: ctx.profile.sample_app.contracts[r.service_id]?.pacts ?? [],
  }));
  const { headers: authHeaders, note: authNote } = await authHeadersFor(ctx, urls);
  ctx.progress.detail(`gate: live contract tests ${authNote}`);
  const live: Layer2Service[] = services.filter((s): s is GateService & { baseUrl: string } => !!s.baseUrl).map((s) => ({
    name: s.name,
    baseUrl: s.baseUrl,
    authHeaders,
    openapi: s.openapi,
    pactFiles: s.pactFiles ?? [],
    stateHandlers: stateHandlers(ctx, s.name, urls),
  }));
  const l2 = live.length
    ? await runLayer2({
        services: live,
        seed: 4,
        extraCounts: {
          data_flow_tests_total: flows.total,
          data_flow_tests_passed: flows.passed,
        },
      })
    : undefined;
  const report = await runQualityGate({
    rootDir,
    services,
    builderResults: results,
    ...(l2 ? { integrationReport: l2.integrationReport } : {}),
    fixAttempts,
    // Every layer runs even after a blocking one, so one report shows every finding the fix loop needs.
    config: { max_fix_retries: ctx.config.max_fix_passes, continue_after_blocking: true },
  });
  const files = await writeReports(report, reportDir);
  const checks: CheckRecord[] = [...(l2?.checks ?? []), ...report.checks];
  const plant = (ctx.data.builders?.plant as string[] | undefined) ?? [];
  if (plant.length) checks.push(checkPlantedViolations(renderMarkdown(report), plant));
  const integration = l2?.integrationReport;
  checks.push(
    check(
      'm4.integration.overall-health',
      'IntegrationReport overall_health is not "failed"',
      !integration ? 'FAIL' : integration.overall_health === 'failed' ? 'FAIL' : 'PASS',
      integration ? `overall_health=${integration.overall_health}; contract tests ${integration.contract_tests_passed}/${integration.contract_tests_total}; data flows ${integration.data_flow_tests_passed}/${integration.data_flow_tests_total}; ${integration.violations.length} violations` : 'no live service to test (phase 6)',
      ['SC-04', 'B3-03'],
    ),
  );
  return { report, checks, integrationReport: integration ?? null, files };
}

/**
 * Phase 8 (R4-M4-007, R4-M4-008): the quality gate on the generated
 * services, with the live ones from phase 6; then the seed's planted
 * violations on every run: Run 4 plants them in a copy of one builder's
 * output and gates the copy on its own (see `plantAndGate`). Only the
 * detection checks join this phase's records: the copy's findings and
 * verdict stay in `m4/planted/` and never decide the real gate.
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
