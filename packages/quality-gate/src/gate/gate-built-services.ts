import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import type { StackProfile } from '@run4/schemas';
import type { IntegrationReport } from '../layer2/integration-report.js';
import { runLayer2, type Layer2Service } from '../layer2/layer2.js';
import type { FlowCounts } from '../layer2/flows/profile-flows.js';
import { runSteps } from '../layer2/flows/run-steps.js';
import { resolveVars, substitute } from '../layer2/flows/template.js';
import { renderMarkdown } from '../reports/markdown.js';
import { checkPlantedViolations, writeReports } from '../reports/write-reports.js';
import { runQualityGate, type GateService } from './engine.js';
import type { QualityGateReport } from './report-schema.js';

/** Credentials for live contract tests and how they were got (for evidence). */
export interface AuthOutcome {
  headers: Record<string, string>;
  note: string;
}

/**
 * Headers for live contract testing of secured operations: the profile's
 * auth steps run once against the live services (e.g. register and log in
 * a user), then its headers carry what they captured. Without them the gate
 * could only exercise secured endpoints as 401s.
 *
 * @example
 * const { headers, note } = await profileAuthHeaders(profile, { 'accounts-api': 'http://127.0.0.1:8081' }, signal);
 */
export async function profileAuthHeaders(profile: Pick<StackProfile, 'sample_app'>, urls: Record<string, string>, signal: AbortSignal): Promise<AuthOutcome> {
  const auth = profile.sample_app.auth;
  if (!auth) return { headers: {}, note: 'no auth steps in the stack profile' };
  const vars = resolveVars(profile.sample_app.vars);
  const out = await runSteps(auth.steps, { urls, vars, signal });
  if (!out.ok) return { headers: {}, note: `auth steps failed: ${out.evidence.at(-1)}` };
  return { headers: Object.fromEntries(Object.entries(auth.headers).map(([k, v]) => [k, String(substitute(v, vars))])), note: 'authenticated by the profile\'s auth steps' };
}

/**
 * Provider states of a service's pacts, set up for real on the live
 * provider by the profile's steps; the params (with captured values, e.g.
 * an access token for a ProviderState generator) go back to the verifier.
 *
 * @example
 * const handlers = providerStateHandlers(profile, 'accounts-api', urls, signal);
 * await handlers['an account exists']?.();
 */
export function providerStateHandlers(profile: Pick<StackProfile, 'sample_app'>, service: string, urls: Record<string, string>, signal: AbortSignal): Record<string, () => Promise<Record<string, string> | undefined>> {
  const states = profile.sample_app.contracts[service]?.provider_states ?? {};
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => [
      name,
      async () => {
        const vars = resolveVars(profile.sample_app.vars);
        const out = await runSteps(state.steps, { urls, vars, signal });
        if (!out.ok) throw new Error(`provider state "${name}" could not be set up: ${out.evidence.at(-1)}`);
        const params = Object.fromEntries(Object.entries(state.params).map(([k, v]) => [k, String(substitute(v, vars))]));
        return Object.keys(params).length ? params : undefined;
      },
    ]),
  );
}

/** Inputs of {@link gateBuiltServices}. */
export interface GateBuiltServicesOptions {
  profile: Pick<StackProfile, 'sample_app'>;
  /** The builders' results (each `output_dir` holds `contracts/openapi.yaml`). */
  results: readonly BuilderResult[];
  /** Live base URL per deployed service; services without one get no Layer 2. */
  urls: Record<string, string>;
  /** The cross-service flow counts, folded into the IntegrationReport. */
  flows: FlowCounts;
  fixAttempts?: number;
  maxFixRetries: number;
  /** Where QUALITY_GATE_REPORT.md, quality_gate_report.json and quality_gate.sarif go. */
  reportDir: string;
  /** The report root when the builders did not all write under one directory. */
  fallbackRootDir: string;
  /** Codes planted on purpose in the builds: one check that the report names each. */
  planted?: readonly string[];
  signal: AbortSignal;
  onDetail?: (line: string) => void;
}

/** What {@link gateBuiltServices} produced. */
export interface GateOutcome {
  report: QualityGateReport;
  checks: CheckRecord[];
  integrationReport: IntegrationReport | null;
  files: Partial<Record<'md' | 'json' | 'sarif', string>>;
}

/**
 * The whole quality gate (R4-M4-007) on built services: L1 from the builder
 * results, L2 live contract compliance (OpenAPI-driven requests and Pact
 * provider verification, authenticated by the profile's auth steps) with the
 * flow counts, L3 scans and L4 advisories, every layer run even after a
 * blocking one; writes the three reports into `reportDir`; checks planted
 * codes appear (SC-05) and the IntegrationReport's overall health (SC-04).
 *
 * @example
 * const { report, checks } = await gateBuiltServices({ profile, results, urls, flows: { total: 2, passed: 2 }, maxFixRetries: 3, reportDir: '.run4', fallbackRootDir: '.run4/builds', signal });
 */
export async function gateBuiltServices(options: GateBuiltServicesOptions): Promise<GateOutcome> {
  const { profile, results, urls, signal } = options;
  // Where the builders wrote (the verifier's own builder outputs, or the directory a Build 3 gave its builders).
  const dirs = results.map((r) => path.dirname(r.output_dir));
  const rootDir = dirs.length && dirs.every((d) => d === dirs[0]) ? dirs[0]! : options.fallbackRootDir;
  const services: GateService[] = results.map((r) => ({
    name: r.service_id,
    dir: path.relative(rootDir, r.output_dir) || '.',
    ...(urls[r.service_id] ? { baseUrl: urls[r.service_id] } : {}),
    openapi: path.join(r.output_dir, 'contracts', 'openapi.yaml'),
    pactFiles: profile.sample_app.contracts[r.service_id]?.pacts ?? [],
  }));
  const { headers: authHeaders, note: authNote } = await profileAuthHeaders(profile, urls, signal);
  options.onDetail?.(`gate: live contract tests ${authNote}`);
  const live: Layer2Service[] = services.filter((s): s is GateService & { baseUrl: string } => !!s.baseUrl).map((s) => ({
    name: s.name,
    baseUrl: s.baseUrl,
    authHeaders,
    openapi: s.openapi,
    pactFiles: s.pactFiles ?? [],
    stateHandlers: providerStateHandlers(profile, s.name, urls, signal),
  }));
  const l2 = live.length
    ? await runLayer2({ services: live, seed: 4, extraCounts: { data_flow_tests_total: options.flows.total, data_flow_tests_passed: options.flows.passed } })
    : undefined;
  const report = await runQualityGate({
    rootDir,
    services,
    builderResults: results,
    ...(l2 ? { integrationReport: l2.integrationReport } : {}),
    fixAttempts: options.fixAttempts ?? 0,
    // Every layer runs even after a blocking one, so one report shows every finding the fix loop needs.
    config: { max_fix_retries: options.maxFixRetries, continue_after_blocking: true },
  });
  const files = await writeReports(report, options.reportDir);
  const checks: CheckRecord[] = [...(l2?.checks ?? []), ...report.checks];
  if (options.planted?.length) checks.push(checkPlantedViolations(renderMarkdown(report), [...options.planted]));
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
