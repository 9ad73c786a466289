export { Run4StateSchema, HealthResultSchema, FindingSchema, FixPassSchema, RunOptionsRecordSchema, STATE_SCHEMA_VERSION, newState } from './state-schema.js';
export type { Run4State, RunOptionsRecord } from './state-schema.js';
export { StateStore, StateLockError, StateVersionError, StateCorruptError, StateReadError, STATE_FILE } from './state-store.js';
export { OutputPathError, checkOutputDir, prepareOutputDir, writeUserFile } from './output-dir.js';
export type { CorruptStateNotice } from './state-store.js';
export { milestonesToRun, resumeStartMilestone, MILESTONE_DEPENDENCIES } from './resume.js';
export { OwnedProcesses, OwnedEntrySchema, OwnedFileSchema, OWNED_FILE, ownedPids, identityAlive, selfIdentity } from './owned-processes.js';
export type { OwnedEntry, OwnedFile, ReapReport } from './owned-processes.js';
