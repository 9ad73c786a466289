// @run4/orchestrator: the reference Build 3 super orchestrator (seed 004).
export { OrchestratorError, IllegalTransitionError, GuardRejectedError, OrchestratorInputError, PhaseError, PipelineInterruptedError } from './errors.js';
export {
  PIPELINE_STATES,
  PipelineStateNameSchema,
  STATE_TYPES,
  TERMINAL_STATES,
  isTerminal,
  GUARD_NAMES,
  TRANSITIONS,
  TRIGGERS,
  RESUME_TRIGGERS,
  type PipelineStateName,
  type GuardName,
  type TransitionDef,
} from './state-machine/states.js';
export { PipelineMachine, type TransitionRecord, type GuardEvaluator } from './state-machine/machine.js';
export {
  PipelineStateSchema,
  PhaseCostSchema,
  CostTrackerSchema,
  TransitionRecordSchema,
  PlannedServiceSchema,
  createPipelineState,
  type PipelineState,
  type PhaseCost,
  type CostTrackerData,
  type PlannedService,
} from './state/pipeline-state.js';
export { STATE_DIR, STATE_FILE, atomicWriteJson, stateFilePath, saveState, loadState, clearState } from './state/state-store.js';
export { PipelineCostTracker, BUDGET_WARNING_RATIO, type BudgetCheck } from './cost/cost-tracker.js';
export { SuperOrchestratorConfigSchema, SEED_BUILDER_COMMAND, type SuperOrchestratorConfig, type SuperOrchestratorConfigInput } from './config/config-schema.js';
export { loadConfig, parseConfig, writeDefaultConfig, absolutizeCommand, type LoadedConfig } from './config/load-config.js';
export { GracefulShutdown } from './shutdown.js';
export { Build1Tools, type Build1Role } from './build1/build1-tools.js';
export { evaluateGuard, MIN_PRD_CHARS, type GuardFacts } from './pipeline/guards.js';
export type { PipelineContext, PipelinePhases, ReviewOutcome, GateOutcome } from './pipeline/context.js';
export { PipelineDriver, type DriveOptions, type DriveResult } from './pipeline/driver.js';
export { createRealPhases, type RealPhaseOptions, type RealPhases } from './pipeline/real-phases.js';
export { DecompositionSchema, ContractStubSchema, ContractRegistrySchema, ServiceDefinitionSchema, reportedCost } from './phases/decomposition.js';
export { runArchitectPhase, reviewDecomposition } from './phases/architect-phase.js';
export { runContractsPhase } from './phases/contracts-phase.js';
export { runBuildersPhase, stageBuilderDir, recordBuilderResult, type BuildersPhaseOptions } from './phases/builders-phase.js';
export { runIntegratePhase, deployAndTest, writeGeneratedCompose, INTEGRATION_REPORT_FILE, type IntegratePhaseOptions } from './phases/integrate-phase.js';
export { runQualityPhase, buildersRoot, type QualityPhaseOptions } from './phases/quality-phase.js';
export { runFixPhase, fixableViolations } from './phases/fix-phase.js';
export { createProgram, COMMANDS } from './cli/program.js';
export { formatStatus } from './cli/status-view.js';
