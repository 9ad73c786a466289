export { runDataFlows } from './run-flows.js';
export { runStep, runSteps, type StepEnvironment, type StepOutcome } from './run-steps.js';
export { checkExpect, mismatch, bodyMismatches, type ExpectOutcome } from './match.js';
export { substitute, substituteDeep, resolveVars, valueAtPath, hasPath, MissingVariableError } from './template.js';
export { runProfileFlows, type FlowCounts } from './profile-flows.js';
