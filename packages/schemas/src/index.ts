/**
 * @run4/schemas: zod schemas of shapes shared across Run 4's packages and
 * apps, each defined once: the stack profile (what differs between one
 * Super Agent Team and another) and the declarative HTTP steps and data
 * flows it carries, and PIPELINE_STATE.json as Run 4 reads it from any
 * Build 3, and the MCP results (health, per-tool outcome) RUN4_STATE.json keeps.
 */
export * from './builder-depth.js';
export * from './http-step.js';
export * from './stack-profile.js';
export * from './pipeline-state.js';
export * from './pact-file.js';
export * from './mcp-results.js';
export * from './fix-records.js';
