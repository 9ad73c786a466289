import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuperOrchestratorConfigSchema, type SuperOrchestratorConfigInput } from '../../src/config/config-schema.js';
import { PipelineCostTracker } from '../../src/cost/cost-tracker.js';
import type { GateOutcome, PipelineContext, PipelinePhases } from '../../src/pipeline/context.js';
import { PipelineDriver } from '../../src/pipeline/driver.js';
import { createPipelineState, type PipelineState } from '../../src/state/pipeline-state.js';
import { atomicWriteJson, saveState } from '../../src/state/state-store.js';

/** A PRD long enough for has_valid_prd. */
export const PRD_TEXT = `# Sample\n\n${'The service registers users and stores their orders. '.repeat(5)}\n`;

/** Scripted behaviour of the fake phases. */
export interface FakeScript {
  /** Review verdicts, one per review (default: approve). */
  reviews?: boolean[];
  /** Builder successes per service (default: all succeed). */
  builders?: boolean[];
  /** Gate verdicts, one per gate run (default: passed). */
  gates?: GateOutcome['overall_verdict'][];
  /** Cost each phase reports. */
  costs?: Partial<Record<keyof PipelinePhases, number>>;
  /** Throw from this phase (once). */
  throwIn?: keyof PipelinePhases;
  /** Abort the signal (as SIGINT would) inside this phase, once. */
  interruptIn?: keyof PipelinePhases;
}

/** A temp pipeline with fake phases that write the files the guards check. */
export interface FakePipeline {
  dir: string;
  state: PipelineState;
  ctx: PipelineContext;
  driver: PipelineDriver;
  calls: string[];
  controller: AbortController;
  lines: string[];
}

/** Make a context over a state (new abort controller, tracker from the state). */
export function contextFor(state: PipelineState, configInput: SuperOrchestratorConfigInput = {}, controller = new AbortController(), lines: string[] = []): PipelineContext {
  const config = SuperOrchestratorConfigSchema.parse(configInput);
  const tracker = new PipelineCostTracker({ phases: state.cost_tracker.phases, budget_limit: state.budget_limit });
  const ctx: PipelineContext = { config, state, tracker, signal: controller.signal, log: (l) => lines.push(l), save: () => saveState(state) };
  return ctx;
}

/**
 * Fake phases: deterministic, no processes. They record each call in
 * `calls` and produce the artifacts the real ones would (service map,
 * registry, integration report, gate report).
 */
export function fakePhases(state: PipelineState, script: FakeScript, calls: string[], controller: AbortController, ctxRef: { ctx?: PipelineContext }): PipelinePhases {
  const reviews = [...(script.reviews ?? [])];
  const gates = [...(script.gates ?? [])];
  let thrown = false;
  let interrupted = false;
  const hooks = (name: keyof PipelinePhases) => {
    calls.push(name);
    const cost = script.costs?.[name];
    if (cost) ctxRef.ctx?.tracker.addPhaseCost(state.current_state, cost);
    if (script.interruptIn === name && !interrupted) {
      interrupted = true;
      controller.abort(new Error('SIGINT received'));
      throw new Error('aborted');
    }
    if (script.throwIn === name && !thrown) {
      thrown = true;
      throw new Error(`${name} exploded`);
    }
  };
  const d = state.state_dir;
  return {
    async architect() {
      hooks('architect');
      state.service_map_path = join(d, 'ServiceMap.yaml');
      state.contract_registry_path = join(d, 'index.json');
      writeFileSync(state.service_map_path, 'services: [a, b]\n');
      writeFileSync(state.contract_registry_path, '{}');
      state.services = ['a-service', 'b-service'].map((name) => ({ name, builder_dir: join(d, 'builders', name), openapi: null, asyncapi: null, port: 8080 }));
    },
    async review() {
      hooks('review');
      const ok = reviews.length > 0 ? (reviews.shift() as boolean) : true;
      return { approved: ok, reasons: ok ? [] : ['planted rejection'] };
    },
    async registerContracts() {
      hooks('registerContracts');
      state.contract_registry_path = join(d, 'CONTRACTS.json');
      atomicWriteJson(state.contract_registry_path, { contracts: [{ id: 'c1', valid: true }] });
    },
    async builders() {
      hooks('builders');
      const outcomes = script.builders ?? state.services.map(() => true);
      state.services.forEach((s, i) => {
        state.builder_statuses[s.name] = outcomes[i] ? 'built' : 'failed';
      });
      state.builder_results = state.services.map((s, i) => ({ service_id: s.name, success: outcomes[i] ?? false }));
      state.successful_builders = outcomes.filter(Boolean).length;
    },
    async integrate() {
      hooks('integrate');
      state.integration_report_path = join(d, 'integration_report.json');
      atomicWriteJson(state.integration_report_path, { services_deployed: 2 });
    },
    async qualityGate() {
      hooks('qualityGate');
      const verdict = gates.length > 0 ? (gates.shift() as GateOutcome['overall_verdict']) : 'passed';
      state.quality_report_path = join(d, 'quality_gate_report.json');
      atomicWriteJson(state.quality_report_path, { overall_verdict: verdict });
      return { overall_verdict: verdict, layers: { layer1_service: verdict } };
    },
    async fixPass() {
      hooks('fixPass');
    },
  };
}

/**
 * A fresh pipeline in `init` (or `from`) with fake phases.
 *
 * @example
 * const p = fakePipeline({ gates: ['failed', 'passed'] });
 * await p.driver.drive({ approve: true });
 */
export function fakePipeline(script: FakeScript = {}, configInput: SuperOrchestratorConfigInput = {}, existing?: PipelineState): FakePipeline {
  const dir = existing ? existing.state_dir : mkdtempSync(join(tmpdir(), 'so-test-'));
  let state = existing;
  if (!state) {
    const prd = join(dir, 'PRD.md');
    writeFileSync(prd, PRD_TEXT);
    const config = SuperOrchestratorConfigSchema.parse(configInput);
    state = createPipelineState({ prd_path: prd, config_path: '', depth: 'standard', state_dir: dir, budget_limit: config.budget_limit, max_quality_retries: config.quality_gate.max_fix_retries, max_architect_retries: config.architect.max_retries });
  }
  const controller = new AbortController();
  const lines: string[] = [];
  const calls: string[] = [];
  const ctx = contextFor(state, configInput, controller, lines);
  const ref: { ctx?: PipelineContext } = { ctx };
  const driver = new PipelineDriver(ctx, fakePhases(state, script, calls, controller, ref));
  return { dir, state, ctx, driver, calls, controller, lines };
}
