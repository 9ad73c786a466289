export { AuditError, AuditInputError, AuditWriteError } from './errors.js';
export {
  ToolLatencySchema,
  ToolProbeResultSchema,
  AuditFindingSchema,
  AuditFixPassSchema,
  AuditViolationSchema,
  MilestoneCostSchema,
  AuditInputsSchema,
} from './inputs.js';
export type { ToolLatency, ToolProbeResult, ToolProbeResultInput, AuditFinding, AuditFixPass, AuditViolation, MilestoneCost, AuditInputs, AuditInputsInput } from './inputs.js';
export { REQUIREMENT_ID_RE, scanRepoForRequirementIds } from './repo-scan.js';
export type { RepoScanOptions } from './repo-scan.js';
export { RtmRowSchema, VERIFICATION_OF, buildRtm, isImplementationFile, rtmSummary } from './rtm.js';
export type { RtmRow } from './rtm.js';
export { BUILD1_TOOL_NAMES, InterfaceRowSchema, InterfaceCoverageSchema, interfaceCoverage } from './interface-coverage.js';
export type { InterfaceRow, InterfaceCoverage } from './interface-coverage.js';
export { convergenceChart } from './convergence-chart.js';
export { MILESTONE_NAMES, CostTableSchema, costTable, formatDuration } from './cost.js';
export type { CostTable } from './cost.js';
export { AuditReportSchema, buildAuditReport } from './build-report.js';
export type { AuditReport } from './build-report.js';
export { renderAuditMarkdown, thresholdValue } from './render-markdown.js';
export { AUDIT_MARKDOWN_FILE, AUDIT_JSON_FILE, AUDIT_HTML_FILE, writeAuditReport } from './write-report.js';
export { renderAuditHtml } from './render-html.js';
export { escapeHtml, html, SafeHtml } from './html-escape.js';
export { checkFacets } from './check-facets.js';
export type { CheckFacets } from './check-facets.js';
export { STATUS_COLOURS, convergenceChartSvg, dotSvg, scoreBarsSvg, trafficLightSvg } from './svg-charts.js';
export { latencyFromChecks, toolResultsFromChecks } from './tools-from-checks.js';
export type { ToolLatencyMap } from './tools-from-checks.js';
export { PlantedRowSchema, PlantedSectionSchema, plantedFromChecks } from './planted.js';
export type { PlantedRow, PlantedSection } from './planted.js';
export { NOT_SHIPPED, ZERO_POINTS_DENSITY, builderOutputsRoot, systemEvidence } from './system-evidence.js';
export type { QualityScanResult, QualityScanner, SystemEvidenceOptions, SystemId } from './system-evidence.js';
export { sharedIndexExercise } from './shared-index-exercise.js';
export type { ToolSession, SharedIndexSessions, SharedIndexOptions } from './shared-index-exercise.js';
export { interruptExercises } from './interrupt-exercise.js';
export type { InterruptedRunState, RunningStep, InterruptHarness, InterruptOptions } from './interrupt-exercise.js';
export { processesWorkingIn, reapProcesses } from './scratch-processes.js';
export { startUntilOutput } from './background-step.js';
export type { StepProcess, StartUntilOutputOptions } from './background-step.js';
export { commandsHelpCheck, costAccumulationCheck } from './tooling-checks.js';
export type { CommandRunner, CommandsHelpOptions, RunCosts } from './tooling-checks.js';
export { AUDIT_SECTIONS, scoreAndReport } from './score-and-report.js';
export type { FixLoopRecord, ScoreAndReportInput, ToolResultRecord } from './score-and-report.js';
