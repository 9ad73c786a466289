export { McpConfigError, McpConnectError, ProbeUsageError } from './errors.js';
export {
  loadMcpConfig,
  parseMcpConfig,
  expandVars,
  McpConfigFileSchema,
  McpServerConfigSchema,
  StdioServerConfigSchema,
  HttpServerConfigSchema,
  ResolvedServerSchema,
} from './mcp-config.js';
export type { LoadMcpConfigOptions, ResolvedServer } from './mcp-config.js';
export { McpConnection, errorText } from './connection.js';
export type { CallOutcome, ConnectOptions } from './connection.js';
export { compileStrict, describeErrors } from './json-schema.js';
export type { CompileResult } from './json-schema.js';
export { generateInput, generateInvalidInput } from './input-generator.js';
export type { JsonSchema } from './input-generator.js';
export { percentile, latencyStats, toolLatency, LatencyStatsSchema } from './latency.js';
export type { LatencyStats } from './latency.js';
export { resultText, resultJson, describeOutcome } from './tool-result.js';
export { build1Profile, BUILD1_TOOLS, PROBE_OPENAPI, requirePrdText } from './profiles/build1.js';
export type { ProbeProfile, ServerProfile, ToolSpec, PersistenceSpec, ProfileContext, DetectionSpec } from './profiles/profile.js';
export { probeServers } from './probe.js';
export type { ProbeOptions, ProbeTimeouts, ProbeProgress } from './probe.js';
export { ProbeReportSchema, ServerReportSchema } from './report.js';
export type { ProbeReport, ServerReport } from './report.js';
export { formatProbeText, formatProbeJson, formatProbeJUnit } from './format.js';
export { RetryingToolClient, ClientCallOutcomeSchema } from './clients/base-client.js';
export type { ClientCallOutcome, ClientOptions, SessionSource } from './clients/base-client.js';
export { ContractEngineClient } from './clients/contract-engine-client.js';
export { CodebaseIntelligenceClient } from './clients/codebase-intelligence-client.js';
export { ArchitectClient } from './clients/architect-client.js';
export { withFallback } from './clients/fallback.js';
export type { FallbackResult } from './clients/fallback.js';
export {
  sessionFromConnection,
  isTransientError,
  extractJson,
  extractText,
  TransientMcpError,
  PermanentMcpError,
} from './clients/tool-session.js';
export type { McpToolSession, ToolCallResult } from './clients/tool-session.js';
export * from './clients/client-types.js';
export { connectClientSession } from './clients/connect.js';
export type { CheckRecord } from '@run4/checks';
export { checkMcpHealth } from './health.js';
export { staticContractScan, staticCodebaseMap, StaticContractSchema, CodebaseMapEntrySchema } from './clients/static-fallbacks.js';
export type { StaticContract, CodebaseMapEntry } from './clients/static-fallbacks.js';
export { runClientChecks, CLIENT_CHECKS, CLIENT_CHECK_SERVERS } from './client-checks/run-client-checks.js';
export type { ClientChecksOptions, ClientFactories } from './client-checks/run-client-checks.js';
export { DOCUMENTED_SAFE_DEFAULTS } from './client-checks/safe-defaults.js';
export type { DocumentedMethod } from './client-checks/safe-defaults.js';
export { EXPECTED_BACKOFF_MS } from './client-checks/failure-checks.js';
export { CLIENT_CHECK_SERVICE, CLIENT_CHECK_SOURCE_FILE } from './client-checks/live-checks.js';
export { startInterposer } from './interposer/interposer.js';
export type { InterposerOptions, InterposerHandle, InterposerExit } from './interposer/interposer.js';
export { startHttpInterposer } from './interposer/http-interposer.js';
export type { HttpInterposerOptions, HttpInterposerHandle } from './interposer/http-interposer.js';
export {
  FaultScheduleSchema,
  FaultRuleSchema,
  FaultSchema,
  CallRangeSchema,
  UnavailableAtStartSchema,
  TransientErrorFaultSchema,
  PermanentErrorFaultSchema,
  DelayFaultSchema,
  ServerDiesFaultSchema,
  MalformedResultFaultSchema,
  parseFaultSchedule,
  loadFaultSchedule,
  TRANSIENT_ERROR_CODE,
  PERMANENT_ERROR_CODE,
} from './interposer/fault-schedule.js';
export type { FaultSchedule, FaultScheduleInput, FaultRule, Fault, FaultKind, CallRange } from './interposer/fault-schedule.js';
export { FaultStateSchema } from './interposer/fault-state.js';
export type { FaultState } from './interposer/fault-state.js';
export { TraceEntrySchema, TraceMessageSchema, TraceEventSchema, readTrace, parseTrace } from './interposer/trace-schema.js';
export type { TraceEntry, TraceMessage, TraceEvent } from './interposer/trace-schema.js';
export { callsPerTool, requestIds, toolAttempts, retryIntervals } from './interposer/trace-query.js';
export type { ToolAttempt, RetryInterval } from './interposer/trace-query.js';
export { MALFORMED_TEXT } from './interposer/fault-actions.js';
export { InterposerConfigError, TraceFormatError } from './interposer/interposer-errors.js';
export { decideToolCall, parseCallTools, isReadOnly, isRepeatable, ToolCallDecisionSchema } from './tool-safety.js';
export type { CallToolsPolicy, ToolCallDecision } from './tool-safety.js';
export { generateCompatibleInput } from './input-generator.js';
export type { GenerateHints, CompatibleInput } from './input-generator.js';
export { GroupStdioTransport } from './group-stdio-transport.js';
export type { GroupStdioParams } from './group-stdio-transport.js';
export { Scratch, SCRATCH_FILE } from './scratch.js';
export {
  BUILD2_CLIENT_ROLES,
  Build2ClientRoleSchema,
  BUILD2_SCENARIO_NAMES,
  Build2ScenarioNameSchema,
  BUILD2_CLIENT_SCENARIOS,
  INJECTED_TRANSIENT_ERRORS,
  ROLE_TITLES,
} from './build2-clients/scenarios.js';
export type { Build2ClientRole, Build2ScenarioName, Build2Scenario } from './build2-clients/scenarios.js';
export { summarizeClientTrace, argumentProblems, answerValues, reusedAnswerValues, callCounts } from './build2-clients/client-calls.js';
export type { ClientTraceSummary, ListedTool, ReusedValue } from './build2-clients/client-calls.js';
export {
  judgeBuild2Clients,
  judgeServerUse,
  judgeArtifactRegistration,
  judgeSafeDefaults,
  judgeRetryBackoff,
  judgeFallback,
  sourceFiles,
  backoffFits,
  SEED_BACKOFF_MS,
  BUILD2_CLIENT_CHECKS,
} from './build2-clients/judge-build2-clients.js';
export type { Build2ScenarioRun, ScenarioTrace } from './build2-clients/judge-build2-clients.js';
export { interposedCommand, CLIENT_SET_ENV } from './build2-clients/interposed-server.js';
export type { InterposedCommand, InterposedCommandOptions } from './build2-clients/interposed-server.js';
export { registerContracts } from './build2-clients/register-contracts.js';
export { listServerTools } from './build2-clients/server-tools.js';
export type { ContractToRegister, RegisteredContract } from './build2-clients/register-contracts.js';
export { runBuild2ClientChecks, failBuild2ClientChecks, contractsOfService } from './build2-clients/run-build2-clients.js';
export type { Build2ClientRunOptions, Build2BuildRequest, Build2BuildOutcome, Build1ServerBlock } from './build2-clients/run-build2-clients.js';
export { byRole, serverOfRole, profileRoleServer, checkRoleMapping } from './build1-roles/build1-roles.js';
export type { ServersByRole } from './build1-roles/build1-roles.js';
export { probeWiringPassed } from './wiring.js';
export { httpJson, clip } from './http/http-json.js';
export type { HttpJson } from './http/http-json.js';
export { registerContractHttp } from './http/register-contract-http.js';
export { checkBuild1Smoke } from './pipeline-checks/build1-smoke.js';
export type { Build1SessionOptions, Build1SmokeOptions } from './pipeline-checks/build1-smoke.js';
export { checkDecomposition, DecompositionSchema, ContractStubSchema } from './pipeline-checks/decomposition.js';
export type { Decomposition, ContractStub, DecompositionCheckOptions, DecompositionOutcome } from './pipeline-checks/decomposition.js';
export { checkServiceContracts, checkArchitectCrossRef } from './pipeline-checks/service-contracts.js';
export type { ServiceContractFiles, ServiceContractsOptions, ServiceContractsOutcome } from './pipeline-checks/service-contracts.js';
export { checkCodeIndexing } from './pipeline-checks/code-index.js';
export type { CodeIndexOptions } from './pipeline-checks/code-index.js';
export { checkMcpConfigFile, checkServersRunnable, checkStackProfile } from './config-checks.js';
