import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import type { PipelineStateFile, StackProfile } from '@run4/schemas';
import { parseCommandString } from 'execa';
import type { BuilderResult, FleetResult } from '../builder-result.js';
import { judgeBuild2Invocations, peakConcurrency, readBuild2Invocations, shimCommand } from './build2-invocations.js';
import { build3Argv, writeBuild3Config } from './build3-config.js';
import { checkCostAccumulated, checkOutcome, checkTransitions } from './judge-build3.js';
import { observeBuilderResult } from './observe-builder.js';
import { runBuild3, type Build3Run } from './run-build3.js';

/** Where a Build 3 run keeps its files under a verifier's work dir (`stateFile`: the profile's `build3.state_file`, relative to Build 3's output dir). */
export interface Build3Layout {
  /** Build 3's output dir (`<workDir>/build3`). */
  out: string;
  /** Build 1 data of the MCP servers Build 3 starts. */
  dataDir: string;
  /** The filled `build3.config` template. */
  config: string;
  /** The recording shim's JSONL log of Build 2 invocations. */
  shimLog: string;
  /** Build 3's PIPELINE_STATE.json. */
  stateFile: string;
  workDir: string;
}

/**
 * The files of a Build 3 run under `workDir`.
 *
 * @example
 * build3Layout('/tmp/work', 'state/PIPELINE_STATE.json').stateFile; // '/tmp/work/build3/state/PIPELINE_STATE.json'
 */
export function build3Layout(workDir: string, stateFile: string): Build3Layout {
  const out = path.join(workDir, 'build3');
  return { out, workDir, dataDir: path.join(workDir, 'build3-mcp-data'), config: path.join(workDir, 'build3.config.yaml'), shimLog: path.join(workDir, 'build2-invocations.jsonl'), stateFile: path.join(out, stateFile) };
}

/** The run settings a Build 3 config is filled from (a subset of the verifier's config). */
export interface Build3Settings {
  mcp_config_path: string;
  builder_command: string;
  builder_depth: string;
  max_concurrent_builders: number;
  builder_timeout_s: number;
  max_fix_passes: number;
  stack_profile: string;
}

/** Inputs of {@link build3TemplateValues}. */
export interface Build3TemplateInput {
  settings: Build3Settings;
  profile: StackProfile;
  layout: Build3Layout;
  /** Scan codes to plant in one service (through the profile's `build2.plant_option`). */
  plant: readonly string[];
  backend: string;
  contractEngineUrl: string;
  /** Services of the architect's plan; the first is the plant target when the profile names none. */
  plannedServices: readonly string[];
  /** `${VAR}` / `${VAR:-default}` expansion of a profile value; `where` names it for an error. */
  expand: (value: string, where: string) => string;
}

/**
 * The values filled into the profile's `build3.config` template: Build 1
 * as deployed, the Build 2 command behind the recording shim (with the
 * planted codes for one service), and the run's settings.
 *
 * @example
 * const values = build3TemplateValues({ settings: config, profile, layout, plant: [], backend: 'process', contractEngineUrl: url, plannedServices: [], expand: (v) => v });
 * values.builder_command; // 'node …/build2-shim.mjs --log … -- node builder.js …'
 */
export function build3TemplateValues(input: Build3TemplateInput): Record<string, unknown> {
  const { settings, profile, layout, plant } = input;
  const plantTarget = plant.length && profile.build2.plant_option ? (profile.sample_app.plant_target ?? input.plannedServices[0]) : undefined;
  const plantArgs = plantTarget ? parseCommandString(profile.build2.plant_option!.replaceAll('{codes}', plant.join(','))) : [];
  const expandMap = (map: Record<string, string>, where: string) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, input.expand(v, `${where}.${k}`)]));
  return {
    mcp_config: settings.mcp_config_path,
    mcp_data_dir: layout.dataDir,
    contract_engine_url: input.contractEngineUrl,
    builder_command: shimCommand(settings.builder_command, layout.shimLog, plantTarget ? { service: plantTarget, args: plantArgs } : undefined),
    depth: settings.builder_depth,
    max_concurrent: settings.max_concurrent_builders,
    builder_timeout: settings.builder_timeout_s,
    backend: input.backend,
    max_fix_retries: Math.min(settings.max_fix_passes, 1),
    budget_limit: null,
    output: layout.out,
    stack: path.dirname(path.resolve(settings.stack_profile)),
    plant_target: plantTarget ?? '',
    service_environment: expandMap(profile.services.environment, 'services.environment'),
    build_args: expandMap(profile.compose.build_args, 'compose.build_args'),
  };
}

/** Where {@link followBuild3State} reports. */
export interface Build3StateSink {
  info: (line: string) => void;
  detail: (line: string) => void;
  /** A builder's status in Build 3's own words, mapped onto `shown`. */
  builder: (service: string, shown: 'pending' | 'running' | 'passed' | 'failed', status: string, cost: number | undefined) => void;
}

/**
 * Progress from Build 3's state file: each new state, and each builder as
 * its status changes.
 *
 * @example
 * runBuild3({ ...options, onState: followBuild3State({ info: console.log, detail: console.log, builder: () => {} }) });
 */
export function followBuild3State(sink: Build3StateSink, label = 'build3'): (s: PipelineStateFile) => void {
  let last = '';
  const builders: Record<string, string> = {};
  return (s) => {
    if (s.current_state !== last) sink.info(`${label}: ${last || 'start'} -> ${s.current_state}${s.total_cost ? ` ($${s.total_cost.toFixed(2)})` : ''}`);
    last = s.current_state;
    for (const [service, status] of Object.entries(s.builder_statuses)) {
      if (builders[service] === status) continue;
      sink.detail(`${label}: builder ${service} ${status}${s.builder_costs[service] ? ` $${s.builder_costs[service]!.toFixed(2)}` : ''}`);
      const shown = /fail|error/i.test(status) ? 'failed' : /built|done|success|complete/i.test(status) ? 'passed' : /pend|queue|wait/i.test(status) ? 'pending' : 'running';
      sink.builder(service, shown, status, s.builder_costs[service]);
      builders[service] = status;
    }
  };
}

/** What a contract listing gave: the tool's JSON answer, or why there is none. */
export type ContractListing = { body: unknown } | { error: string };

/**
 * R4-M4-004 on Build 3's work: every planned service has an OpenAPI
 * contract in the Contract Engine, as the verifier's own `list_contracts`
 * call (`list`) answers.
 *
 * @example
 * await checkBuild3Contracts(['accounts'], async () => ({ body: { items: [{ service_name: 'accounts', type: 'openapi' }] } }), 'x.contracts');
 */
export function checkBuild3Contracts(services: readonly string[], list: () => Promise<ContractListing>, id: string): Promise<CheckRecord> {
  return runCheck({ id, name: 'the contracts Build 3 registered are in the Contract Engine', requirementIds: ['R4-M4-004'] }, async () => {
    if (services.length === 0) return { status: 'FAIL', evidence: 'Build 3 planned no service' };
    const listing = await list();
    if ('error' in listing) return { status: 'FAIL', evidence: listing.error };
    const body = listing.body as { items?: { service_name?: string; type?: string }[] } | { service_name?: string; type?: string }[] | null;
    const items = Array.isArray(body) ? body : (body?.items ?? []);
    const missing = services.filter((s) => !items.some((i) => i.service_name === s && (i.type ?? 'openapi') === 'openapi'));
    return missing.length
      ? { status: 'FAIL', evidence: `no OpenAPI contract stored for ${missing.join(', ')} (${items.length} contracts listed)` }
      : { status: 'PASS', evidence: `${items.length} contracts listed; an OpenAPI contract for each of ${services.join(', ')}` };
  });
}

/** Inputs of {@link orchestrateBuild3}; the checks of other packages come in as functions. */
export interface OrchestrateBuild3Options {
  layout: Build3Layout;
  /** From {@link build3TemplateValues}. */
  values: Record<string, unknown>;
  /** The profile's `build3.command` and `build3.config`. */
  build3: { command: string; config: Record<string, unknown> };
  prd: string;
  maxConcurrent: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** The planted codes, when a plant target was chosen. */
  plant: readonly string[];
  /** Prefix of the check ids, e.g. `x` for `x.build3.builders`. */
  idPrefix: string;
  onCommand: (argv: string[]) => void;
  onState: (state: PipelineStateFile) => void;
  listContracts: () => Promise<ContractListing>;
  checkReports: (state: PipelineStateFile | null, out: string) => CheckRecord[];
  checkCompose: (state: PipelineStateFile | null, builtServices: string[]) => Promise<CheckRecord[]>;
  checkPlanted: (state: PipelineStateFile | null, out: string, plant: readonly string[], targetDir: string | null) => CheckRecord;
}

/** The verdict of a Build 3 run: checks, data for later phases (`provides.builders` stands in for a builders phase), and a failed gate. */
export interface OrchestrateBuild3Result {
  checks: CheckRecord[];
  data: Record<string, unknown>;
  gateFailed?: string;
}

/**
 * Run a Build 3 on the PRD from a fresh output dir and verify what it did
 * with the verifier's own eyes: its transitions, the contracts in the
 * Contract Engine, each builder's own STATE.json, the recording shim's Build
 * 2 invocations, the cost and its reports. Gate (R4-M4-005): at least two
 * thirds of the planned builders succeeded. Writes `build3.values.json`,
 * `build3_run.json` and `builder_results.json` in the work dir.
 *
 * @example
 * const layout = build3Layout('/tmp/work', profile.build3.state_file);
 * const out = await orchestrateBuild3({ layout, values, build3: profile.build3, prd: 'PRD.md', maxConcurrent: 3, timeoutMs: 3_600_000, signal, plant: [], idPrefix: 'x', ...checks });
 */
export async function orchestrateBuild3(o: OrchestrateBuild3Options): Promise<OrchestrateBuild3Result> {
  const { layout, values } = o;
  const { out, workDir, shimLog } = layout;
  // Every attempt starts Build 3 on fresh Build 1 data: nothing of an earlier attempt leaks in.
  rmSync(out, { recursive: true, force: true });
  rmSync(layout.dataDir, { recursive: true, force: true });
  rmSync(shimLog, { force: true });
  mkdirSync(out, { recursive: true });
  writeBuild3Config(layout.config, o.build3.config, values);
  writeFileSync(path.join(workDir, 'build3.values.json'), JSON.stringify(values, null, 2) + '\n');
  const argv = build3Argv(o.build3.command, { config: layout.config, output: out, stack: String(values.stack) }, ['run', '--prd', o.prd]);
  o.onCommand(argv);
  const run: Build3Run = await runBuild3({ argv, cwd: out, stateFile: layout.stateFile, logDir: workDir, signal: o.signal, onState: o.onState, timeoutMs: o.timeoutMs });
  if (o.signal.aborted) throw o.signal.reason;
  writeFileSync(path.join(workDir, 'build3_run.json'), JSON.stringify(run, null, 2) + '\n');
  const state = run.final_state;
  const planned = state ? Object.keys(state.builder_statuses) : [];
  const results: BuilderResult[] = [];
  for (const r of state?.builder_results ?? []) {
    const service = String(r.service_id ?? r.system_id ?? '');
    const dir = typeof r.output_dir === 'string' ? r.output_dir : '';
    if (service && dir && !results.some((x) => x.service_id === service)) results.push(await observeBuilderResult(service, path.resolve(out, dir)));
  }
  const succeeded = results.filter((r) => r.success).length;
  const need = Math.max(1, Math.ceil(Math.max(planned.length, results.length) * (2 / 3)));
  const { invocations } = readBuild2Invocations(shimLog);
  const reported = Object.fromEntries(results.map((r) => [r.service_id, r.cost]));
  const plantTarget = String(values.plant_target ?? '');
  const plant = plantTarget ? [...o.plant] : [];
  const p = `${o.idPrefix}.build3`;
  const checks: CheckRecord[] = [
    checkOutcome(run, `${p}.complete`),
    checkTransitions(run, `${p}.transitions`),
    await checkBuild3Contracts(planned, o.listContracts, `${p}.contracts`),
    check(
      `${p}.builders`,
      'Build 3\'s builders succeeded, by their own STATE.json',
      succeeded >= need && results.length > 0 ? 'PASS' : 'FAIL',
      results.length === 0 ? `PIPELINE_STATE.json lists no builder_results with an output_dir (${state ? `state ${state.current_state}` : run.state_error})` : `${succeeded}/${Math.max(planned.length, results.length)} succeeded (gate >= ${need}): ${results.map((r) => `${r.service_id} ${r.success ? 'ok' : r.failure}, tests ${r.test_passed}/${r.test_total}`).join('; ')}`,
      ['R4-M4-005', 'X-05', 'R4-M3-002'],
    ),
    ...judgeBuild2Invocations(invocations, { maxConcurrent: o.maxConcurrent, services: planned }, `${p}.build2`),
    checkCostAccumulated(state, reported, `${p}.cost`),
    ...o.checkReports(state, out),
    ...(await o.checkCompose(state, results.filter((r) => r.success).map((r) => r.service_id))),
  ];
  if (plant.length) {
    const target = results.find((r) => r.service_id === plantTarget);
    checks.push(
      invocations.some((i) => i.planted)
        ? o.checkPlanted(state, out, plant, target?.output_dir ?? null)
        : check(`${p}.planted`, 'planted codes reached a builder', 'FAIL', `no Build 2 invocation carried the plant arguments for ${plantTarget}`, ['R4-M4-008']),
    );
  }
  const builders = { results, plant, plantTarget: plantTarget || null, resultsFile: path.join(workDir, 'builder_results.json') };
  const fleet: FleetResult = {
    results, total: results.length, succeeded, failed: results.length - succeeded, total_cost: results.reduce((a, r) => a + r.cost, 0),
    max_concurrent: o.maxConcurrent, peak_concurrency: peakConcurrency(invocations),
    started_at: new Date(Date.now() - run.duration_ms).toISOString(), finished_at: new Date().toISOString(), duration_ms: run.duration_ms,
  };
  writeFileSync(builders.resultsFile, JSON.stringify(fleet, null, 2) + '\n');
  const gate = succeeded >= need && results.length > 0 ? {} : { gateFailed: checks.find((c) => c.id === `${p}.builders`)!.evidence };
  return { checks, data: { end_state: state?.current_state ?? null, pipeline_id: state?.pipeline_id ?? null, provides: { builders } }, ...gate };
}
