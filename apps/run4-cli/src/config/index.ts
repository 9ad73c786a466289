export { Run4ConfigSchema, DeployBackendSchema, BuilderDepthSchema, PATH_FIELDS, STACK_FIELDS } from './config-schema.js';
export { loadStackProfile, REFERENCE_PROFILE } from './load-stack-profile.js';
export type { LoadedStackProfile } from './load-stack-profile.js';
export type { Run4Config, Run4ConfigInput, DeployBackend, BuilderDepth } from './config-schema.js';
export { ConfigError } from './config-error.js';
export { loadConfig, DEFAULT_CONFIG_FILE } from './load-config.js';
export type { LoadConfigOptions, LoadedConfig } from './load-config.js';
export { findInstallRoot } from './install-root.js';
export { renderDefaultConfig } from './render-default.js';
