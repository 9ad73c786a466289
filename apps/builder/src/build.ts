import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadBuilderConfig, type BuilderConfig, type Depth } from './config.js';
import { loadAsyncApi } from './contracts/asyncapi.js';
import { loadOpenApi } from './contracts/openapi.js';
import { BuilderError, ContractError } from './errors.js';
import { applyFixes } from './fix/apply-fixes.js';
import { parseFixInstructions } from './fix/instructions.js';
import { HANDLERS_MAP_START } from './generate/emit-handlers.js';
import type { PlantCode } from './generate/plant.js';
import { placeContracts, writeService } from './generate/write-service.js';
import { buildServiceModel, type ServiceModel } from './model/service-model.js';
import { readRunState, writeRunState, type RunState } from './state.js';
import { codebasePhase } from './mcp/codebase-phase.js';
import { contractPhase, type FetchedContracts } from './mcp/contract-phase.js';
import { finishContracts } from './mcp/finish-contracts.js';
import type { McpReport } from './mcp/mcp-report.js';
import { openServers, type McpSessions } from './mcp/open-servers.js';
import { planServers, SERVER_ROLES } from './mcp/server-plan.js';
import { healthGate, type HealthGateResult } from './verify/health-gate.js';
import { BUILDER_VERSION } from './version.js';
import { computeReports, overallHealth } from './verify/reports.js';
import { runServiceTests, type TestRun } from './verify/run-tests.js';

export const FIX_INSTRUCTIONS_FILE = 'FIX_INSTRUCTIONS.md';

export interface BuildOptions {
  /** The builder directory (holds config.yaml; receives the service). */
  dir: string;
  depth: Depth;
  plant?: readonly PlantCode[];
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface BuildOutcome {
  mode: 'build' | 'fix';
  statePath: string;
  state: RunState;
}

async function loadModel(dir: string, config: BuilderConfig, override: Partial<Record<'openapi' | 'asyncapi', string>> = {}): Promise<{ model: ServiceModel; contractFiles: string[] }> {
  const openapiFile = resolve(dir, override.openapi ?? config.contracts.openapi);
  const asyncapiPath = override.asyncapi ?? config.contracts.asyncapi;
  const asyncapiFile = asyncapiPath ? resolve(dir, asyncapiPath) : undefined;
  const openapi = await loadOpenApi(openapiFile);
  const asyncapi = asyncapiFile ? await loadAsyncApi(asyncapiFile) : undefined;
  const placed = await placeContracts(dir, [openapiFile, ...(asyncapiFile ? [asyncapiFile] : [])]);
  const model = buildServiceModel(config.service, openapi, asyncapi);
  model.service.contracts = model.service.contracts.map((c, i) => ({ ...c, file: placed[i] ?? c.file }));
  return { model, contractFiles: placed };
}


/**
 * What a run reports as spent (STATE.json `total_cost`, USD). This builder
 * calls no paid model, so it is 0 unless `BUILDER_COST_USD` sets a cost per
 * run (for exercising an orchestrator's cost tracking and budget stop).
 *
 * @example
 * reportedCost({ BUILDER_COST_USD: '0.25' }); // 0.25
 */
export function reportedCost(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.BUILDER_COST_USD ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Operation keys served by the handlers map of src/handlers.js.
 *
 * @example
 * (await implementedOperations(dir, model)).has('GET /health'); // false on a HEALTH-001 build
 */
export async function implementedOperations(dir: string, model: ServiceModel): Promise<Set<string>> {
  const text = await readFile(join(dir, 'src/handlers.js'), 'utf8').catch(() => '');
  const map = text.slice(text.indexOf(HANDLERS_MAP_START));
  return new Set(model.operations.filter((op) => map.includes(`${JSON.stringify(op.key)}:`)).map((op) => op.key));
}

/** True when config.yaml enables a Build 1 server block (the build then reports an `mcp` block, even at quick). */
function mcpWanted(config: BuilderConfig): boolean {
  return SERVER_ROLES.some((role) => config[role]?.enabled === true);
}

function agentTeams(config: BuilderConfig, log: (l: string) => void): string | undefined {
  if (!config.agent_teams?.enabled) return undefined;
  if (config.agent_teams.fallback_to_cli === false) {
    throw new BuilderError(
      'agent_teams.enabled is true but this builder has no agent-teams backend and agent_teams.fallback_to_cli is false; set fallback_to_cli: true or disable agent_teams',
      { code: 'AGENT_TEAMS_UNAVAILABLE', exitCode: 1 },
    );
  }
  const note = 'agent-teams backend unavailable (no Claude CLI in the reference builder); falling back to the CLI backend';
  log(`warning: ${note}`);
  return note;
}

function stateFrom(args: {
  config: BuilderConfig;
  depth: Depth;
  model: ServiceModel;
  implemented: ReadonlySet<string>;
  run: TestRun;
  phases: string[];
  artifacts: string[];
  planted: RunState['planted'];
  fixPasses: RunState['fix_passes'];
  gate: RunState['health_gate'];
  fallback?: string;
  mcp?: McpReport;
}): RunState {
  const reports = computeReports(args.model, args.implemented, args.run);
  const partial = { ...reports, health_gate: args.gate };
  return {
    total_cost: reportedCost(),
    health: overallHealth(partial),
    completed_phases: args.phases,
    contract_report: reports.contract_report,
    endpoint_test_report: reports.endpoint_test_report,
    registered_artifacts: args.artifacts,
    agent_teams_active: false,
    summary: reports.summary,
    builder: { name: 'run4-reference-builder', version: BUILDER_VERSION },
    service: args.config.service.name,
    depth: args.depth,
    generated_at: new Date().toISOString(),
    planted: args.planted,
    fix_passes: args.fixPasses,
    test_run: {
      command: args.run.command,
      exit_code: args.run.exitCode,
      duration_ms: args.run.durationMs,
      timed_out: args.run.timedOut,
      failures: args.run.results.filter((r) => r.status === 'fail').map((r) => ({ name: r.name, ...(r.error ? { error: r.error } : {}) })),
    },
    health_gate: args.gate,
    ...(args.fallback ? { agent_teams_fallback: args.fallback } : {}),
    unbound_messages: args.model.service.unboundMessages,
    ...(args.mcp ? { mcp: args.mcp } : {}),
  };
}

/**
 * Run the reference builder in `dir`: generate the service from config.yaml
 * and its contracts, run its tests, gate on health (standard and deeper,
 * when `milestone.health_gate`), and write .agent-team/STATE.json. With
 * `depth: 'quick'` and a FIX_INSTRUCTIONS.md next to an existing build, run
 * a fix pass instead.
 *
 * @example
 * const { state } = await build({ dir: '/tmp/b/order-service', depth: 'standard' });
 * state.summary.success; // true
 */
export async function build(options: BuildOptions): Promise<BuildOutcome> {
  const dir = resolve(options.dir);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = await loadBuilderConfig(dir);
  const fallback = agentTeams(config, log);
  const hasBuild = existsSync(join(dir, 'src/handlers.js'));
  if (options.depth === 'quick' && existsSync(join(dir, FIX_INSTRUCTIONS_FILE)) && hasBuild) {
    return fixPass(dir, config, log, fallback);
  }
  const mcp = mcpWanted(config) ? await openServers(planServers(config, options.depth, dir), log) : undefined;
  try {
    return await buildWith(dir, config, options, log, mcp, fallback);
  } finally {
    await mcp?.close();
  }
}

/** Load from the Contract Engine's specs when it gave some; if the builder's parser rejects one, from the local files. */
async function loadModelPreferring(dir: string, config: BuilderConfig, fetched: FetchedContracts | undefined, mcp: McpSessions | undefined, log: (l: string) => void) {
  if (!fetched || Object.keys(fetched.files).length === 0) return loadModel(dir, config);
  try {
    return await loadModel(dir, config, fetched.files);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    log(`mcp: the Contract Engine's spec cannot be generated from (${error.shortMessage}); using the local contract files`);
    for (const entry of mcp?.report.contracts.fetched ?? []) {
      if (Object.values(fetched.files).includes(entry.used_as)) entry.used_as = `not used (builder parser: ${error.shortMessage})`;
    }
    fetched.files = {};
    return loadModel(dir, config);
  }
}

/** Contract files the last build took from the Contract Engine (a fix pass regenerates from the same). */
function engineFiles(dir: string): Partial<Record<'openapi' | 'asyncapi', string>> {
  const out: Partial<Record<'openapi' | 'asyncapi', string>> = {};
  for (const type of ['openapi', 'asyncapi'] as const) {
    const file = `contracts/${type}.contract-engine.json`;
    if (existsSync(join(dir, file))) out[type] = file;
  }
  return out;
}

async function buildWith(dir: string, config: BuilderConfig, options: BuildOptions, log: (l: string) => void, mcp: McpSessions | undefined, fallback?: string): Promise<BuildOutcome> {
  const phases = ['config'];
  const fetched = mcp ? await contractPhase(mcp, config, dir, log) : undefined;
  const { model, contractFiles } = await loadModelPreferring(dir, config, fetched, mcp, log);
  phases.push('contracts');
  log(`generating ${model.service.name}: ${model.operations.length} operations, ${model.service.events.publish.length} published events`);
  const generated = await writeService(dir, model, options.plant ?? []);
  phases.push('generate');
  if (generated.planted.length > 0) phases.push('plant');
  const run = await runServiceTests(dir);
  phases.push('test');
  log(`tests: ${run.passed}/${run.total} passed in ${run.durationMs} ms`);
  let gate: RunState['health_gate'] = { ran: false, passed: false, detail: 'health gate off at this depth or in config' };
  let answer: HealthGateResult['answer'];
  const health = model.operations.find((op) => op.behaviour === 'health');
  if (options.depth !== 'quick' && config.milestone?.health_gate !== false && health) {
    const result = await healthGate(dir, health.path);
    gate = { ran: true, passed: result.passed, detail: result.detail };
    answer = result.answer;
    phases.push('health_gate');
    log(`health gate: ${gate.passed ? 'passed' : 'failed'} (${gate.detail})`);
  }
  const implemented = await implementedOperations(dir, model);
  let artifacts = [...generated.files, ...contractFiles].sort();
  if (mcp && fetched) {
    const facts = { service: model.service.name, operations: model.operations.map((op) => op.key), implemented, testsPassed: run.exitCode === 0 && run.passed === run.total, ...(answer && health ? { health: { path: health.path, ...answer } } : {}) };
    const written = await finishContracts(mcp, fetched, facts, dir, log);
    artifacts = [...artifacts, ...written].sort();
    await codebasePhase(mcp, model.service.name, dir, artifacts, log);
    phases.push('mcp');
  }
  phases.push('state');
  const state = stateFrom({ config, depth: options.depth, model, implemented, run, phases, artifacts, planted: generated.planted, fixPasses: [], gate, ...(fallback ? { fallback } : {}), ...(mcp ? { mcp: mcp.report } : {}) });
  const statePath = await writeRunState(dir, state);
  return { mode: 'build', statePath, state };
}

async function fixPass(dir: string, config: BuilderConfig, log: (l: string) => void, fallback?: string): Promise<BuildOutcome> {
  const previous = await readRunState(dir);
  const items = parseFixInstructions(await readFile(join(dir, FIX_INSTRUCTIONS_FILE), 'utf8'), join(dir, FIX_INSTRUCTIONS_FILE));
  const { model } = await loadModel(dir, config, engineFiles(dir));
  const outcome = await applyFixes(dir, model, items);
  const n = (previous?.fix_passes.length ?? 0) + 1;
  log(`fix pass ${n}: ${outcome.fixed.length} repaired, ${outcome.notFixed.length} not repaired`);
  const run = await runServiceTests(dir);
  log(`tests: ${run.passed}/${run.total} passed in ${run.durationMs} ms`);
  const fixedCodes = new Set(outcome.fixed.map((f) => (f.code === 'LOG-004' ? 'LOG-001' : f.code)));
  const planted = (previous?.planted ?? []).filter((p) => !fixedCodes.has(p.code));
  const implemented = await implementedOperations(dir, model);
  const phases = [...(previous?.completed_phases ?? []), `fix_pass_${n}`];
  const artifacts = previous?.registered_artifacts ?? [];
  const fixPasses = [...(previous?.fix_passes ?? []), { pass: n, instructions: FIX_INSTRUCTIONS_FILE, fixed: outcome.fixed, not_fixed: outcome.notFixed }];
  let gate: RunState['health_gate'] = previous?.health_gate ?? { ran: false, passed: false, detail: 'no previous build state' };
  const health = model.operations.find((op) => op.behaviour === 'health');
  if (gate.ran && health) {
    const result = await healthGate(dir, health.path);
    gate = { ran: true, passed: result.passed, detail: result.detail };
    log(`health gate: ${gate.passed ? 'passed' : 'failed'} (${gate.detail})`);
  }
  const state = stateFrom({ config, depth: 'quick', model, implemented, run, phases, artifacts, planted, fixPasses, gate, ...(fallback ? { fallback } : {}), ...(previous?.mcp ? { mcp: previous.mcp } : {}) });
  const statePath = await writeRunState(dir, state);
  return { mode: 'fix', statePath, state };
}
