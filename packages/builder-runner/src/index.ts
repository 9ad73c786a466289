export { BuilderRunnerError, BuilderStateError, BuilderConfigError, CommandTemplateError, FixInstructionsError } from './errors.js';
export { formatZodIssues, describeValue } from './zod-issues.js';
export {
  STATE_FILE_RELATIVE,
  BuilderStateSchema,
  BuilderStateSummarySchema,
  ContractReportSchema,
  EndpointTestReportSchema,
  validateBuilderState,
  parseBuilderStateText,
  parseBuilderState,
} from './builder-state.js';
export type { BuilderState } from './builder-state.js';
export {
  BUILDER_DEPTHS,
  BuilderDepthSchema,
  CONTRACT_SCANS_BY_DEPTH,
  ContractEngineBlockSchema,
  CodebaseIntelligenceBlockSchema,
  BuilderConfigSchema,
  generateBuilderConfig,
  parseBuilderConfig,
  stringifyBuilderConfig,
  writeBuilderConfig,
  readBuilderConfig,
} from './builder-config.js';
export type { BuilderDepth, BuilderConfig, BuilderConfigExtras } from './builder-config.js';
export {
  FIX_INSTRUCTIONS_FILE,
  FIX_PRIORITIES,
  FixPrioritySchema,
  FixViolationSchema,
  PRIORITY_BY_SEVERITY,
  formatFixInstructions,
  writeFixInstructions,
  parseFixInstructions,
} from './fix-instructions.js';
export type { FixPriority, FixViolationInput, FixInstruction } from './fix-instructions.js';
export { BuilderFailureSchema, BuilderResultSchema, FleetResultSchema } from './builder-result.js';
export type { BuilderFailure, BuilderResult, FleetResult } from './builder-result.js';
export { DEFAULT_BUILDER_COMMAND, TEMPLATE_PLACEHOLDERS, expandCommandTemplate } from './command-template.js';
export type { TemplateValues } from './command-template.js';
export { LOG_DIR_RELATIVE, runBuilder, failedBuilderResult, listArtifacts, resolveCommand } from './run-builder.js';
export type { BuilderSpec, BuilderProgressEvent, RunBuilderOptions } from './run-builder.js';
export { runBuilders } from './run-builders.js';
export type { RunBuildersOptions } from './run-builders.js';
export { prepareBuilderDir } from './prepare-builder-dir.js';
export type { ServiceInput } from './prepare-builder-dir.js';
export { snapshotDir, diffSnapshots } from './dir-snapshot.js';
export type { DirSnapshot } from './dir-snapshot.js';
export { DEFAULT_FIX_VIOLATIONS } from './wiring-checks/wiring-options.js';
export type { BuilderWiringOptions } from './wiring-checks/wiring-options.js';
export { checkBuilderInvocation } from './wiring-checks/check-builder-invocation.js';
export { checkStateJsonParsing } from './wiring-checks/check-state-parsing.js';
export { checkConfigGeneration } from './wiring-checks/check-config-generation.js';
export type { ConfigGenerationCheckOptions } from './wiring-checks/check-config-generation.js';
export { checkParallelIsolation } from './wiring-checks/check-parallel-isolation.js';
export { checkFixPass } from './wiring-checks/check-fix-pass.js';
export { agentTeamsFallbackProbe, checkAgentTeamsFallback, type AgentTeamsProbeOptions } from './wiring-checks/check-agent-teams.js';
export { runBuilderWiringChecks } from './wiring-checks/run-builder-wiring-checks.js';
export type { BuilderWiringFields, BuilderWiringReport } from './wiring-checks/run-builder-wiring-checks.js';
export { SEED_TRANSITIONS, seedTransitionsBetween, seedReachable } from './build3/seed-transitions.js';
export type { SeedTransition } from './build3/seed-transitions.js';
export { readPipelineState } from './build3/read-pipeline-state.js';
export type { PipelineStateRead } from './build3/read-pipeline-state.js';
export { descendantGroups } from './build3/process-tree.js';
export { runBuild3 } from './build3/run-build3.js';
export type { Build3Interrupt, Build3Run, RunBuild3Options } from './build3/run-build3.js';
export { SEED_BUILD3_COMMANDS, checkTransitions, checkOutcome, checkCostAccumulated, checkCommands, checkInterruptSaved, checkResumeAfterKill, checkBudgetStop } from './build3/judge-build3.js';
export { ShimRecordSchema, build2ShimPath, shimCommand, readBuild2Invocations, peakConcurrency, judgeBuild2Invocations } from './build3/build2-invocations.js';
export type { ShimRecord, Build2Invocation } from './build3/build2-invocations.js';
export { build3Argv, fillTemplate, writeBuild3Config } from './build3/build3-config.js';
export { observeBuilderResult } from './build3/observe-builder.js';
export { build3ExerciseSkips, exerciseBuild3Cli, midBuild } from './build3/exercise-build3-cli.js';
export type { Build3ExerciseIds, Build3ExerciseOptions, HelpRunner } from './build3/exercise-build3-cli.js';
export { notBuild3Evidence } from './build3/build3-evidence.js';
export { build3Layout, build3TemplateValues, followBuild3State, checkBuild3Contracts, orchestrateBuild3 } from './build3/orchestrate-build3.js';
export type { Build3Layout, Build3Settings, Build3TemplateInput, Build3StateSink, ContractListing, OrchestrateBuild3Options, OrchestrateBuild3Result } from './build3/orchestrate-build3.js';
export { buildServices } from './build-services.js';
export type { BuildServicesOptions, BuildServicesResult } from './build-services.js';
