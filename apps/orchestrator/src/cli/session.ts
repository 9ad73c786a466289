import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuilderDepth } from '@run4/builder-runner';
import type { SuperOrchestratorConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { PipelineCostTracker } from '../cost/cost-tracker.js';
import { OrchestratorInputError, PipelineInterruptedError } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';
import { type DriveOptions, type DriveResult, PipelineDriver } from '../pipeline/driver.js';
import type { RealPhaseOptions } from '../pipeline/real-phases.js';
import { GracefulShutdown } from '../shutdown.js';
import type { PipelineState } from '../state/pipeline-state.js';
import { loadState, STATE_DIR } from '../state/state-store.js';
import type { PipelineStateName } from '../state-machine/states.js';

/** Options every command takes (seed 004 section 9.1). */
export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
  depth?: BuilderDepth;
  outputDir?: string;
}

/** Where a command works. */
export interface Workspace {
  outputDir: string;
  stateDir: string;
  config: SuperOrchestratorConfig;
  configPath: string;
  verbose: boolean;
}

/**
 * Resolve the output directory, the state directory (`<output>/.super-orchestrator`)
 * and the config (`--config`, else `<output>/config.yaml`, else defaults).
 *
 * @example
 * const ws = openWorkspace({ outputDir: '.' });
 */
export function openWorkspace(options: GlobalOptions): Workspace {
  const outputDir = resolve(options.outputDir ?? '.');
  const { config, path } = loadConfig(options.config, outputDir);
  if (options.depth) {
    config.depth = options.depth;
    config.builder.depth = options.depth;
  }
  return { outputDir, stateDir: join(outputDir, STATE_DIR), config, configPath: path, verbose: options.verbose === true };
}

/**
 * The saved state, or exit 2 telling the user what to run.
 *
 * @example
 * const state = requireState(ws, ['quality_gate', 'fix_pass', 'failed'], 'verify');
 */
export function requireState(ws: Workspace, allowed: readonly PipelineStateName[] | null, command: string): PipelineState {
  const state = loadState(ws.stateDir);
  if (!state) throw new OrchestratorInputError(`no pipeline in ${ws.stateDir}: run \`super-orchestrator init PRD_PATH\` (or \`run --prd PRD_PATH\`) first`, 'PIPELINE_STATE.json');
  if (allowed && !allowed.includes(state.current_state)) {
    throw new OrchestratorInputError(`\`${command}\` cannot run in state ${state.current_state} (it runs from ${allowed.join(', ')}); see \`super-orchestrator status\``, 'current_state');
  }
  if (!existsSync(state.prd_path)) throw new OrchestratorInputError(`the pipeline's PRD ${state.prd_path} is missing; run \`init\` again`, 'prd_path');
  return state;
}

/**
 * A line printer with elapsed seconds.
 *
 * @example
 * const log = progressLogger(); log('[state] init --start_architect--> architect_running');
 */
export function progressLogger(stream: NodeJS.WritableStream = process.stderr, verbose = false): (line: string) => void {
  const t0 = performance.now();
  return (line: string) => {
    // compose-kit's per-process detail lines only with --verbose
    if (!verbose && line.startsWith('[deploy] [')) return;
    const s = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
    stream.write(`[${s}s] ${line}\n`);
  };
}

/** States whose work still calls Build 1. */
const NEEDS_BUILD1: readonly PipelineStateName[] = ['init', 'architect_running', 'architect_review', 'contracts_registering'];

/**
 * Check the inputs the coming phases need before anything starts, so bad
 * input is one line and the state is left untouched: the .mcp.json and its
 * architect / contract-engine servers while Build 1 is still to be called.
 *
 * @example
 * await preflight(ws, state);
 */
export async function preflight(ws: Workspace, state: PipelineState): Promise<void> {
  if (!NEEDS_BUILD1.includes(state.current_state)) return;
  const { Build1Tools } = await import('../build1/build1-tools.js');
  const tools = new Build1Tools(ws.config);
  tools.server('architect');
  tools.server('contract_engine');
}

/**
 * Drive a loaded pipeline with the real phases, GracefulShutdown installed
 * (SIGINT/SIGTERM: state saved as interrupted, children stopped). Returns
 * the process exit code: 0 complete or paused, 1 failed, 130 interrupted.
 *
 * @example
 * const code = await drivePipeline(ws, state, { builderDepth: 'standard' }, {});
 */
export async function drivePipeline(ws: Workspace, state: PipelineState, phaseOptions: RealPhaseOptions, driveOptions: DriveOptions): Promise<number> {
  await preflight(ws, state);
  mkdirSync(ws.stateDir, { recursive: true });
  state.state_dir = ws.stateDir;
  if (state.budget_limit === null && ws.config.budget_limit !== null) state.budget_limit = ws.config.budget_limit;
  const tracker = new PipelineCostTracker({ phases: state.cost_tracker.phases, budget_limit: state.budget_limit });
  const log = progressLogger(process.stderr, ws.verbose);
  const shutdown = new GracefulShutdown((sig) => {
    state.interrupted = true;
    state.interrupt_reason = `${sig} received during ${state.current_state}`;
    driver.save();
    log(`[shutdown] ${sig}: state saved (${state.current_state}); stopping children`);
  });
  const ctx: PipelineContext = { config: ws.config, state, tracker, signal: shutdown.signal, log, save: () => driver.save() };
  const { createRealPhases } = await import('../pipeline/real-phases.js');
  const phases = createRealPhases(phaseOptions);
  const driver = new PipelineDriver(ctx, phases);
  shutdown.install();
  let result: DriveResult;
  try {
    log(`[pipeline] ${state.pipeline_id} at ${state.current_state} (resume trigger ${state.resume_trigger || '-'})`);
    result = await driver.drive(driveOptions);
  } catch (error) {
    if (error instanceof PipelineInterruptedError) {
      process.stderr.write(`super-orchestrator: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  } finally {
    await phases.close();
    shutdown.uninstall();
  }
  const summary = `pipeline ${state.pipeline_id}: ${result.outcome} in state ${result.state}, cost $${tracker.totalCost.toFixed(2)}${state.budget_limit ? ` of $${state.budget_limit.toFixed(2)}` : ''}`;
  process.stdout.write(`${summary}${result.outcome === 'failed' ? ` — ${state.failure_reason}` : result.outcome === 'paused' ? ` — ${result.reason}` : ''}\n`);
  if (state.quality_report_path) process.stdout.write(`reports: ${state.integration_report_path} ${state.quality_report_path}\n`);
  return result.outcome === 'failed' ? 1 : 0;
}
