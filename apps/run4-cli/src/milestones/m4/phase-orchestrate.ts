import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import {
  build3Argv, checkCostAccumulated, checkOutcome, checkTransitions, judgeBuild2Invocations, observeBuilderResult, readBuild2Invocations, runBuild3, shimCommand, writeBuild3Config,
  peakConcurrency, type Build3Run, type BuilderResult, type FleetResult,
} from '@run4/builder-runner';
import { describeOutcome, expandVars, McpConnection, resultJson } from '@run4/mcp-probe';
import type { PipelineStateFile } from '@run4/schemas';
import { parseCommandString } from 'execa';
import { roleMissing, roleUrl, type PhaseContext, type PhaseOutput } from './live.js';
import { m4Servers, roleServer } from './phase-mcp-smoke.js';
import { checkBuild3Compose, checkBuild3Planted, checkBuild3Reports } from './build3-reports.js';

/** Where M4 runs Build 3: `.run4/m4/build3` (its output dir) and the files Run 4 hands it. */
export function build3Paths(ctx: PhaseContext): { out: string; config: string; shimLog: string; stateFile: string; dataDir: string } {
  const out = path.join(ctx.workDir, 'build3');
  return { out, dataDir: path.join(ctx.workDir, 'build3-mcp-data'), config: path.join(ctx.workDir, 'build3.config.yaml'), shimLog: path.join(ctx.workDir, 'build2-invocations.jsonl'), stateFile: path.join(out, ctx.profile.build3?.state_file ?? '.super-orchestrator/PIPELINE_STATE.json') };
}

/**
 * The values Run 4 fills into the profile's `build3.config` template: Build
 * 1 as M4 deployed it, the Build 2 command behind the recording shim (with
 * the planted codes for one service), and the run's settings.
 */
export function build3TemplateValues(ctx: PhaseContext, out: string, shimLog: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { config, profile } = ctx;
  const plant = ctx.options.plant ?? config.plant;
  const plantTarget = plant.length && profile.build2.plant_option ? (profile.sample_app.plant_target ?? ((ctx.data.decompose?.services as string[] | undefined) ?? [])[0]) : undefined;
  const plantArgs = plantTarget ? parseCommandString(profile.build2.plant_option!.replaceAll('{codes}', plant.join(','))) : [];
  return {
    mcp_config: config.mcp_config_path,
    mcp_data_dir: build3Paths(ctx).dataDir,
    contract_engine_url: roleUrl(ctx, 'contract_engine') ?? '',
    builder_command: shimCommand(config.builder_command, shimLog, plantTarget ? { service: plantTarget, args: plantArgs } : undefined),
    depth: config.builder_depth,
    max_concurrent: config.max_concurrent_builders,
    builder_timeout: config.builder_timeout_s,
    backend: ctx.options.backend ?? config.deploy_backend,
    max_fix_retries: Math.min(config.max_fix_passes, 1),
    budget_limit: null,
    output: out,
    stack: path.dirname(path.resolve(config.stack_profile)),
    plant_target: plantTarget ?? '',
    service_environment: expandMap(profile.services.environment, 'services.environment', config.stack_profile),
    build_args: expandMap(profile.compose.build_args, 'compose.build_args', config.stack_profile),
    ...overrides,
  };
}

/** A profile map with `${VAR}` / `${VAR:-default}` expanded from the environment (as compose would). */
function expandMap(map: Record<string, string>, where: string, file: string): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, expandVars(v, process.env, () => {
    throw new Error(`${where}.${k} of ${file} uses a variable that is not set`);
  })]));
}

/** Progress lines from Build 3's state file: each new state, and builders as their status changes. */
export function followState(ctx: PhaseContext, label = 'build3'): (s: PipelineStateFile) => void {
  let last = '';
  const builders: Record<string, string> = {};
  return (s) => {
    if (s.current_state !== last) ctx.progress.info(`${label}: ${last || 'start'} -> ${s.current_state}${s.total_cost ? ` ($${s.total_cost.toFixed(2)})` : ''}`);
    last = s.current_state;
    for (const [service, status] of Object.entries(s.builder_statuses)) {
      if (builders[service] === status) continue;
      ctx.progress.detail(`${label}: builder ${service} ${status}${s.builder_costs[service] ? ` $${s.builder_costs[service]!.toFixed(2)}` : ''}`);
      // Build 3's own words for a builder's status, mapped onto the live view's four.
      const shown = /fail|error/i.test(status) ? 'failed' : /built|done|success|complete/i.test(status) ? 'passed' : /pend|queue|wait/i.test(status) ? 'pending' : 'running';
      ctx.progress.row({ milestone: 4, kind: 'builder', name: service, status: shown, detail: `Build 3: ${status}`, ...(s.builder_costs[service] !== undefined ? { cost: s.builder_costs[service] } : {}) });
      builders[service] = status;
    }
  };
}

/** R4-M4-004 on Build 3's work: every planned service has an OpenAPI contract stored in the Contract Engine, asked by Run 4 itself (`list_contracts`). */
async function contractsStored(ctx: PhaseContext, services: readonly string[]): Promise<CheckRecord> {
  return runCheck({ id: 'm4.build3.contracts', name: 'the contracts Build 3 registered are in the Contract Engine', requirementIds: ['R4-M4-004'] }, async () => {
    if (services.length === 0) return { status: 'FAIL', evidence: 'Build 3 planned no service' };
    // The same Build 1 data Build 3's servers wrote: Run 4 asks the Contract Engine itself.
    const server = roleServer(ctx, m4Servers(ctx, build3Paths(ctx).dataDir), 'contract_engine');
    if (!server) return { status: 'FAIL', evidence: roleMissing(ctx, 'contract_engine', 'mcp') };
    const conn = await McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_startup_timeout_ms, signal: ctx.signal });
    try {
      const out = await conn.callTool('list_contracts', { page_size: 500 }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
      if (out.kind !== 'result' || out.result.isError) return { status: 'FAIL', evidence: `list_contracts: ${describeOutcome(out)}` };
      const body = resultJson(out.result) as { items?: { service_name?: string; type?: string }[] } | { service_name?: string; type?: string }[] | null;
      const items = Array.isArray(body) ? body : (body?.items ?? []);
      const missing = services.filter((s) => !items.some((i) => i.service_name === s && (i.type ?? 'openapi') === 'openapi'));
      return missing.length
        ? { status: 'FAIL', evidence: `no OpenAPI contract stored for ${missing.join(', ')} (${items.length} contracts listed)` }
        : { status: 'PASS', evidence: `${items.length} contracts listed; an OpenAPI contract for each of ${services.join(', ')}` };
    } finally {
      await conn.close();
    }
  });
}

/**
 * Phases 4-5 with a Build 3 under test (R4-M4-003..005, B3-01): Run 4
 * writes Build 3's config from the stack profile, runs `<build3> run --prd
 * PRD`, follows its PIPELINE_STATE.json, and then verifies what it did with
 * its own tools: the transitions against seed 004, the contracts in the
 * Contract Engine, each builder's own STATE.json, what the recording shim
 * saw of its Build 2 invocations, the cost, and its reports. Later phases
 * deploy and gate the code Build 3's builders wrote. Gate (R4-M4-005): at
 * least two thirds of the planned builders succeeded by their STATE.json.
 */
export async function phaseOrchestrate(ctx: PhaseContext): Promise<PhaseOutput> {
  const { out, config: configFile, shimLog, stateFile, dataDir } = build3Paths(ctx);
  // Every attempt starts Build 3 on fresh Build 1 data (a resumed run too): nothing of an earlier attempt leaks in.
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(shimLog, { force: true });
  mkdirSync(out, { recursive: true });
  const values = build3TemplateValues(ctx, out, shimLog);
  writeBuild3Config(configFile, ctx.profile.build3!.config, values);
  // M6 re-fills the template from these values for its exercises of Build 3's CLI.
  writeFileSync(path.join(ctx.workDir, 'build3.values.json'), JSON.stringify(values, null, 2) + '\n');
  const argv = build3Argv(ctx.profile.build3!.command!, { config: configFile, output: out, stack: String(values.stack) }, ['run', '--prd', ctx.config.sample_prd_path]);
  ctx.progress.info(`build3: ${argv.join(' ')}`);
  const run: Build3Run = await runBuild3({
    argv, cwd: out, stateFile, logDir: ctx.workDir, signal: ctx.signal, onState: followState(ctx),
    timeoutMs: (ctx.config.builder_timeout_s * 3 + 900) * 1000,
  });
  if (ctx.signal.aborted) throw ctx.signal.reason;
  writeFileSync(path.join(ctx.workDir, 'build3_run.json'), JSON.stringify(run, null, 2) + '\n');
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
  const plant = (values.plant_target as string) ? (ctx.options.plant ?? ctx.config.plant) : [];
  const checks: CheckRecord[] = [
    checkOutcome(run),
    checkTransitions(run),
    await contractsStored(ctx, planned),
    check(
      'm4.build3.builders',
      'Build 3\'s builders succeeded, by their own STATE.json',
      succeeded >= need && results.length > 0 ? 'PASS' : 'FAIL',
      results.length === 0 ? `PIPELINE_STATE.json lists no builder_results with an output_dir (${state ? `state ${state.current_state}` : run.state_error})` : `${succeeded}/${Math.max(planned.length, results.length)} succeeded (gate >= ${need}): ${results.map((r) => `${r.service_id} ${r.success ? 'ok' : r.failure}, tests ${r.test_passed}/${r.test_total}`).join('; ')}`,
      ['R4-M4-005', 'X-05', 'R4-M3-002'],
    ),
    ...judgeBuild2Invocations(invocations, { maxConcurrent: ctx.config.max_concurrent_builders, services: planned }),
    checkCostAccumulated(state, reported),
    ...checkBuild3Reports(state, out),
    ...(await checkBuild3Compose(state, results.filter((r) => r.success).map((r) => r.service_id))),
  ];
  if (plant.length) {
    const target = results.find((r) => r.service_id === values.plant_target);
    checks.push(
      invocations.some((i) => i.planted)
        ? checkBuild3Planted(state, out, plant, target?.output_dir ?? null)
        : check('m4.build3.planted', 'planted codes reached a builder', 'FAIL', `no Build 2 invocation carried the plant arguments for ${String(values.plant_target)}`, ['R4-M4-008']),
    );
  }
  const builders = { results, plant, plantTarget: (values.plant_target as string) || null, resultsFile: path.join(ctx.workDir, 'builder_results.json') };
  const fleet: FleetResult = {
    results, total: results.length, succeeded, failed: results.length - succeeded, total_cost: results.reduce((a, r) => a + r.cost, 0),
    max_concurrent: ctx.config.max_concurrent_builders, peak_concurrency: peakConcurrency(invocations),
    started_at: new Date(Date.now() - run.duration_ms).toISOString(), finished_at: new Date().toISOString(), duration_ms: run.duration_ms,
  };
  writeFileSync(builders.resultsFile, JSON.stringify(fleet, null, 2) + '\n');
  const gate = succeeded >= need && results.length > 0 ? {} : { gateFailed: checks.find((c) => c.id === 'm4.build3.builders')!.evidence };
  return { checks, data: { end_state: state?.current_state ?? null, pipeline_id: state?.pipeline_id ?? null, provides: { builders } }, ...gate };
}
