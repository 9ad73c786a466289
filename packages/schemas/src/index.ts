/**
 * @run4/schemas: zod schemas of shapes shared across Run 4's packages and
 * apps, each defined once: the stack profile (what differs between one
 * Super Agent Team and another) and the declarative HTTP steps and data
 * flows it carries.
 */
export * from './builder-depth.js';
export * from './http-step.js';
export * from './stack-profile.js';
export * from './pact-file.js';
