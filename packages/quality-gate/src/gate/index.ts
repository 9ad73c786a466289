export { runQualityGate, GateInputError, type GateService, type RunQualityGateOptions } from './engine.js';
export { QualityGateConfigSchema, BlockingSeveritySchema, isBlocking, type QualityGateConfig, type QualityGateConfigInput, type BlockingSeverity } from './gate-config.js';
export * from './report-schema.js';
export { overallVerdict, layerCheck, layerOrderCheck, shouldPromote, classifyViolations } from './verdicts.js';
export * from './violations.js';
export { normalizeScannerOutput, type Layer3Scanner, type Layer4Scanner, type Layer4ServiceInput, type ScannerOutput } from './scanners.js';
export { discoverServices } from './discover-services.js';
export { runGateCommand, parseLayers, gateExitCode, type GateCommandOptions } from './gate-command.js';
export { profileAuthHeaders, providerStateHandlers, gateBuiltServices, type AuthOutcome, type GateBuiltServicesOptions, type GateOutcome } from './gate-built-services.js';
