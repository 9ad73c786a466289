import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { checkPlantedViolations, renderMarkdown, runLayer2, runQualityGate, writeReports, type GateService, type Layer2Service, type QualityGateReport } from '@run4/quality-gate';
import { builderOutputsDir } from './phase-builders.js';
import { httpJson } from './http-json.js';
import type { PhaseContext } from './live.js';

/** Consumer pacts per provider among the sample app's fixtures (seed 001 section 2.8). */
function pactsFor(ctx: PhaseContext, service: string): string[] {
  return service === 'auth-service' ? [path.join(ctx.config.fixtures_dir, 'sample_pact_auth.json')] : [];
}

/**
 * Provider states of the sample pact, set up for real on the live
 * auth-service: register Alice; for the token state also log her in and
 * hand the token to the pact's ProviderState generator (`${accessToken}`).
 */
function stateHandlers(baseUrl: string): Record<string, () => Promise<Record<string, string> | undefined>> {
  const creds = { email: 'alice@example.com', password: 'example-password-1' };
  const register = async () => {
    await httpJson('POST', `${baseUrl}/register`, creds);
    return undefined;
  };
  return {
    'a user alice@example.com exists': register,
    'a user alice@example.com exists and holds a valid access token': async () => {
      await register();
      const login = await httpJson('POST', `${baseUrl}/login`, creds);
      const token = (login.body as { access_token?: string } | null)?.access_token;
      return token ? { accessToken: token } : undefined;
    },
  };
}

/** Pass counts of the cross-service flow checks (phase 6), folded into the IntegrationReport. */
export interface FlowCounts {
  total: number;
  passed: number;
}

/**
 * A real bearer token for live contract testing of secured operations:
 * register and log in a gate user on the live auth-service. Without it the
 * gate could only exercise secured endpoints as 401s.
 */
async function bearerFor(urls: Record<string, string>): Promise<Record<string, string>> {
  const auth = urls['auth-service'];
  if (!auth) return {};
  const creds = { email: `gate-${Date.now()}@example.test`, password: `Gate-${Math.random().toString(36).slice(2)}-pw` };
  await httpJson('POST', `${auth}/register`, creds);
  const login = await httpJson('POST', `${auth}/login`, creds);
  const token = (login.body as { access_token?: string } | null)?.access_token;
  return token ? { authorization: `Bearer ${token}` } : {};
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
  const rootDir = builderOutputsDir(ctx);
  const services: GateService[] = results.map((r) => ({
    name: r.service_id,
    dir: path.relative(rootDir, r.output_dir) || '.',
    ...(urls[r.service_id] ? { baseUrl: urls[r.service_id] } : {}),
    openapi: path.join(r.output_dir, 'contracts', 'openapi.yaml'),
    pactFiles: pactsFor(ctx, r.service_id),
  }));
  const authHeaders = await bearerFor(urls);
  const live: Layer2Service[] = services.filter((s): s is GateService & { baseUrl: string } => !!s.baseUrl).map((s) => ({
    name: s.name,
    baseUrl: s.baseUrl,
    authHeaders,
    openapi: s.openapi,
    pactFiles: s.pactFiles ?? [],
    ...(s.name === 'auth-service' ? { stateHandlers: stateHandlers(s.baseUrl) } : {}),
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
 * services, with the live ones from phase 6.
 */
export async function phaseGate(ctx: PhaseContext): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const results = (ctx.data.builders?.results ?? []) as BuilderResult[];
  const flows = (ctx.data.deploy?.flows as FlowCounts | undefined) ?? { total: 0, passed: 0 };
  const outcome = await runGate(ctx, results, ctx.live.generated?.urls ?? {}, flows);
  return {
    checks: outcome.checks,
    data: { overall_verdict: outcome.report.overall_verdict, files: outcome.files, integration_report: outcome.integrationReport, quality_gate_report: JSON.parse(JSON.stringify(outcome.report)) },
  };
}
