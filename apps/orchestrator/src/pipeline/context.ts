import type { SuperOrchestratorConfig } from '../config/config-schema.js';
import type { PipelineCostTracker } from '../cost/cost-tracker.js';
import type { PipelineState } from '../state/pipeline-state.js';

/** Everything a phase works with. Phases mutate `state` and `tracker`; the driver saves. */
export interface PipelineContext {
  config: SuperOrchestratorConfig;
  state: PipelineState;
  tracker: PipelineCostTracker;
  /** Aborted on SIGINT/SIGTERM: phases stop their children and return or throw. */
  signal: AbortSignal;
  /** One progress line (stderr). */
  log: (line: string) => void;
  /** Persist the state now (e.g. after each builder finishes). */
  save: () => void;
}

/** Outcome of the architect review (the `architect_review` decision). */
export interface ReviewOutcome {
  approved: boolean;
  reasons: string[];
}

/** Outcome of one quality gate run. */
export interface GateOutcome {
  overall_verdict: 'passed' | 'failed' | 'partial' | 'skipped';
  /** Verdict per layer (PIPELINE_STATE.json `last_quality_results`). */
  layers: Record<string, string>;
}

/**
 * The work of each phase, injected into the driver (the CLI wires the real
 * ones: Build 1 over MCP, builders, compose-kit, quality-gate, fix-loop).
 */
export interface PipelinePhases {
  /** architect_running: decompose the PRD; set service_map_path, domain_model_path, contract_registry_path. */
  architect(ctx: PipelineContext): Promise<void>;
  /** architect_review: judge the decomposition. */
  review(ctx: PipelineContext): Promise<ReviewOutcome>;
  /** contracts_registering: register and validate the contracts; contract_registry_path → the registry. */
  registerContracts(ctx: PipelineContext): Promise<void>;
  /** builders_running: run the builders (only those not yet built, on resume). */
  builders(ctx: PipelineContext): Promise<void>;
  /** integrating: deploy, test, write the IntegrationReport; set integration_report_path. */
  integrate(ctx: PipelineContext): Promise<void>;
  /** quality_gate: run the four layers and write the QualityGateReport. */
  qualityGate(ctx: PipelineContext): Promise<GateOutcome>;
  /** fix_pass: hand the violations to the builders in quick mode. */
  fixPass(ctx: PipelineContext): Promise<void>;
}
