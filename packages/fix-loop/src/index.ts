export { FixLoopError, FixLoopInputError, FixPassError } from './errors.js';
export { FixLoopViolationSchema, isContractCode, locateViolation } from './violation.js';
export type { FixLoopViolation, FixLoopViolationInput } from './violation.js';
export {
  PRIORITIES,
  STARTUP_REQUIREMENTS,
  PERFORMANCE_REQUIREMENTS,
  classifyPriority,
  factsForViolation,
  factsForCheck,
} from './classify.js';
export type { Priority, PriorityFacts, Classification } from './classify.js';
export { FindingSchema, FindingSourceSchema, FindingOccurrenceSchema, FindingRouteSchema, findingId, isOpen } from './finding.js';
export type { Finding, FindingSource, FindingOccurrence, FindingRoute } from './finding.js';
export { buildFindings, countOpenByPriority, violationKey, checkKey, systemOfCheck, serviceOfCheck, groupViolations } from './catalog.js';
export type { ScanResult, BuildFindingsOptions } from './catalog.js';
export { selectForInstructions, serviceOf, checkCode, toFixViolations, planFixInstructions, writeServiceFixInstructions } from './instructions.js';
export type { ServiceFixInstructions } from './instructions.js';
export { SNAPSHOT_DIR, FixPassSnapshotSchema, takeSnapshot, snapshotPath, writeSnapshot } from './snapshot.js';
export type { FixPassSnapshot } from './snapshot.js';
export { detectRegressions } from './regressions.js';
export type { Regression } from './regressions.js';
export { CONVERGENCE_WEIGHTS, CONVERGED_ENOUGH, weightedOpen, convergenceScore } from './convergence.js';
export type { PriorityCounts } from './convergence.js';
export { FixPassRecordSchema, passMetrics } from './metrics.js';
export type { FixPassRecord, PassMetricsInput } from './metrics.js';
export { StopRuleOptionsSchema, evaluateStopRules } from './stop-rules.js';
export type { StopRuleOptions, StopRuleOptionsInput, StopReason, StopDecision, LoopState } from './stop-rules.js';
export { runFixLoop } from './run-fix-loop.js';
export type { ApplyOutcome, FixLoopDeps, FixLoopEvent, FixLoopResult, RunFixLoopOptions, ParsedScan, VerifyOutcome } from './run-fix-loop.js';
export { builderApplyFixes } from './builder-apply.js';
export type { BuilderApplyOptions } from './builder-apply.js';
export { catalogCheck, fixLoopChecks } from './loop-checks.js';
export { gateViolations, rescannable, scanInputs } from './gate-scan.js';
export type { RescanFilter, ScanInputs } from './gate-scan.js';
export { refreshBuilderResults } from './refresh-results.js';
export { describeFixLoopEvent } from './describe-event.js';
export { PLANTED_FIX_PASS_CHECK, fixPlantedCopy } from './planted-copy.js';
export type { CopyGateOutcome, FixPlantedCopyOptions, PlantedCopy } from './planted-copy.js';
