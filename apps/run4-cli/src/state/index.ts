export { Run4StateSchema, HealthResultSchema, FindingSchema, FixPassSchema, newState } from './state-schema.js';
export type { Run4State } from './state-schema.js';
export { StateStore, StateLockError, STATE_FILE } from './state-store.js';
export type { CorruptStateNotice } from './state-store.js';
export { milestonesToRun, resumeStartMilestone, MILESTONE_DEPENDENCIES } from './resume.js';
