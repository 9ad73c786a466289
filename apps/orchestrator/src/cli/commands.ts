import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDefaultConfig } from '../config/load-config.js';
import { OrchestratorInputError } from '../errors.js';
import { MIN_PRD_CHARS } from '../pipeline/guards.js';
import { createPipelineState, type PipelineState } from '../state/pipeline-state.js';
import { loadState, saveState } from '../state/state-store.js';
import { isTerminal } from '../state-machine/states.js';
import { drivePipeline, type GlobalOptions, openWorkspace, requireState, type Workspace } from './session.js';
import { formatStatus } from './status-view.js';

/**
 * Seed 004 section 9.2 `init`: validate the PRD (exists, > 100 characters),
 * create `.super-orchestrator/`, copy the PRD to `PRD.md`, write a fresh
 * PipelineState with a UUID, write config.yaml when there is none.
 *
 * @example
 * const { state } = initPipeline('fixtures/tasktracker/sample_prd.md', { outputDir: '/tmp/run' }, false);
 */
export function initPipeline(prdPath: string, options: GlobalOptions, force: boolean): { ws: Workspace; state: PipelineState } {
  const prd = resolve(prdPath);
  if (!existsSync(prd) || !statSync(prd).isFile()) throw new OrchestratorInputError(`PRD file not found: ${prd}`, 'PRD_PATH');
  const text = readFileSync(prd, 'utf8');
  if (text.trim().length <= MIN_PRD_CHARS) throw new OrchestratorInputError(`PRD ${prd} is too short (${text.trim().length} characters; more than ${MIN_PRD_CHARS} needed)`, 'PRD_PATH');
  const ws = openWorkspace(options);
  const existing = loadState(ws.stateDir);
  if (existing && !isTerminal(existing.current_state) && existing.current_state !== 'init' && !force) {
    throw new OrchestratorInputError(`a pipeline is in progress in ${ws.stateDir} (state ${existing.current_state}); continue it with \`resume\`, or start over with \`init --force\``, 'PIPELINE_STATE.json');
  }
  mkdirSync(ws.stateDir, { recursive: true });
  const copy = join(ws.stateDir, 'PRD.md');
  copyFileSync(prd, copy);
  if (!options.config && writeDefaultConfig(join(ws.outputDir, 'config.yaml'))) process.stderr.write(`wrote default config ${join(ws.outputDir, 'config.yaml')}\n`);
  const state = createPipelineState({
    prd_path: copy,
    config_path: ws.configPath,
    depth: ws.config.depth,
    state_dir: ws.stateDir,
    budget_limit: ws.config.budget_limit,
    max_architect_retries: ws.config.architect.max_retries,
    max_quality_retries: ws.config.quality_gate.max_fix_retries,
  });
  saveState(state);
  return { ws, state };
}

/**
 * `init PRD_PATH`.
 *
 * @example
 * await initCommand('prd.md', { outputDir: '.' }); // 0
 */
export async function initCommand(prdPath: string, options: GlobalOptions & { force?: boolean }): Promise<number> {
  const { state } = initPipeline(prdPath, options, options.force === true);
  process.stdout.write(`initialized pipeline ${state.pipeline_id} in ${state.state_dir} (state init)\n`);
  return 0;
}

/**
 * `plan`: architect → review; with architect.auto_approve also registers the contracts.
 *
 * @example
 * await planCommand({ config: 'config.yaml' }); // 0 when paused at the review
 */
export async function planCommand(options: GlobalOptions & { system?: string[] }): Promise<number> {
  const ws = openWorkspace(options);
  const state = requireState(ws, ['init', 'architect_running', 'architect_review'], 'plan');
  return drivePipeline(ws, state, { builderDepth: ws.config.builder.depth, ...(options.system ? { systems: options.system } : {}) }, { stopBefore: new Set(['contracts_ready']) });
}

/**
 * `build`: approve the plan, register the contracts, run the builders.
 *
 * @example
 * await buildCommand({ maxConcurrent: 2 }); // 0 at builders_complete
 */
export async function buildCommand(options: GlobalOptions & { system?: string[]; maxConcurrent?: number; parallel?: boolean }): Promise<number> {
  const ws = openWorkspace(options);
  const state = requireState(ws, ['architect_review', 'contracts_registering', 'builders_running'], 'build');
  const maxConcurrent = options.parallel === false ? 1 : options.maxConcurrent;
  return drivePipeline(
    ws,
    state,
    { builderDepth: ws.config.builder.depth, ...(options.system ? { systems: options.system } : {}), ...(maxConcurrent ? { maxConcurrent } : {}) },
    { approve: true, stopBefore: new Set(['start_integration']) },
  );
}

/**
 * `integrate`: deploy, test, IntegrationReport.
 *
 * @example
 * await integrateCommand({}); // 0 at quality_gate
 */
export async function integrateCommand(options: GlobalOptions & { composeFile?: string }): Promise<number> {
  const ws = openWorkspace(options);
  const state = requireState(ws, ['builders_complete', 'integrating'], 'integrate');
  const composeFile = options.composeFile ? resolve(options.composeFile) : undefined;
  if (composeFile && !existsSync(composeFile)) throw new OrchestratorInputError(`compose file not found: ${composeFile} (--compose-file)`, '--compose-file');
  return drivePipeline(ws, state, { builderDepth: ws.config.builder.depth, ...(composeFile ? { composeFile } : {}) }, { stopAtStates: new Set(['quality_gate']) });
}

/**
 * `verify`: the quality gate, then fix passes until it passes or retries run out.
 *
 * @example
 * await verifyCommand({ fix: true }); // 0 complete, 1 failed
 */
export async function verifyCommand(options: GlobalOptions & { fix?: boolean; layer?: number }): Promise<number> {
  const ws = openWorkspace(options);
  const state = requireState(ws, ['quality_gate', 'fix_pass', 'failed'], 'verify');
  if (state.current_state === 'failed' && !state.integration_report_path) {
    throw new OrchestratorInputError(`the pipeline failed before integration (${state.failure_reason}); there is no gate to retry — start again with \`run --fresh\``, 'current_state');
  }
  const layer = options.layer;
  if (layer !== undefined && ![1, 2, 3, 4].includes(layer)) throw new OrchestratorInputError(`--layer must be 1, 2, 3 or 4, got ${layer}`, '--layer');
  return drivePipeline(ws, state, { builderDepth: ws.config.builder.depth, ...(layer ? { layers: [layer as 1 | 2 | 3 | 4] } : {}) }, { fix: options.fix !== false, manualRetry: state.current_state === 'failed' });
}

/**
 * `run`: every phase from a fresh init (or from the saved state with --resume).
 *
 * @example
 * await runCommand('fixtures/tasktracker/sample_prd.md', { config: 'config.yaml' });
 */
export async function runCommand(prdPath: string | undefined, options: GlobalOptions & { resume?: boolean }): Promise<number> {
  if (options.resume) return resumeCommand(options);
  if (!prdPath) throw new OrchestratorInputError('run needs the PRD: `super-orchestrator run --prd PRD_PATH` (or `run PRD_PATH`)', 'PRD_PATH');
  const { ws, state } = initPipeline(prdPath, options, true);
  process.stderr.write(`initialized pipeline ${state.pipeline_id} in ${state.state_dir}\n`);
  return drivePipeline(ws, state, { builderDepth: ws.config.builder.depth }, { approve: true });
}

/**
 * `resume`: continue from the saved state (seed 004 section 5.4).
 *
 * @example
 * await resumeCommand({ outputDir: '/tmp/run' });
 */
export async function resumeCommand(options: GlobalOptions): Promise<number> {
  const ws = openWorkspace(options);
  const state = requireState(ws, null, 'resume');
  if (state.current_state === 'complete') {
    process.stdout.write(`pipeline ${state.pipeline_id} is already complete; nothing to resume\n`);
    return 0;
  }
  if (state.current_state === 'failed') {
    process.stdout.write(`pipeline ${state.pipeline_id} failed: ${state.failure_reason}; retry the gate with \`verify\` or start over with \`run --fresh\`\n`);
    return 1;
  }
  return drivePipeline(ws, state, { builderDepth: ws.config.builder.depth }, { approve: true });
}

/**
 * `status`: the saved state as a table (or the JSON with --json).
 *
 * @example
 * await statusCommand({ json: true });
 */
export async function statusCommand(options: GlobalOptions & { json?: boolean }): Promise<number> {
  const ws = openWorkspace(options);
  const state = loadState(ws.stateDir);
  if (!state) throw new OrchestratorInputError(`no pipeline in ${ws.stateDir}: run \`super-orchestrator init PRD_PATH\` first`, 'PIPELINE_STATE.json');
  process.stdout.write(options.json ? `${JSON.stringify(state, null, 2)}\n` : formatStatus(state));
  return 0;
}
