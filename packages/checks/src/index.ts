export { CheckStatusSchema, CheckRecordSchema, check, runCheck } from './check-record.js';
export type { CheckStatus, CheckRecord, CheckOutcome } from './check-record.js';
export { RequirementSchema, REQUIREMENTS, getRequirement, isKnownRequirement, milestoneOf, requirementsWithPrefix } from './requirements.js';
export type { Requirement } from './requirements.js';
export { summarizeChecks, formatSummaryLine } from './summarize.js';
export type { CheckSummary } from './summarize.js';
export { toJUnitXml, escapeXml } from './junit.js';
export type { CheckSuite } from './junit.js';
export { Run4Error, ExitCode } from './errors.js';
export {
  isProcessAlive,
  isProcessGroupAlive,
  signalProcessGroup,
  waitProcessGroupGone,
  terminateProcessGroup,
  trackProcessGroup,
  trackedProcessGroups,
} from './process-group.js';
export { asJsonSchema, jsonSchemaType, mergeAllOf, resolveLocalRef, wrongTypeValue } from './json-schema/schema-node.js';
export type { JsonSchema } from './json-schema/schema-node.js';
export { createRng } from './json-schema/rng.js';
export type { Rng } from './json-schema/rng.js';
export { sampleJsonSchema } from './json-schema/sample.js';
export type { SampleOptions } from './json-schema/sample.js';
export { schemaMutations } from './json-schema/mutations.js';
export type { SchemaMutation } from './json-schema/mutations.js';
export { PhaseRecordSchema, PhaseCheckpointSchema, readPhaseCheckpoint, writePhaseCheckpoint } from './gated-phases/phase-checkpoint.js';
export type { PhaseRecord, PhaseCheckpoint } from './gated-phases/phase-checkpoint.js';
export { runGatedPhases, phaseStatus } from './gated-phases/run-gated-phases.js';
export type { GatedPhase, GatedPhaseContext, GatedPhaseOutput, GatedPhasesResult, RunGatedPhasesOptions } from './gated-phases/run-gated-phases.js';
