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
