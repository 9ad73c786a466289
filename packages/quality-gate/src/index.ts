// @run4/quality-gate: the four-layer quality gate of seed 004 section 6.
export * from './models/index.js';
export * from './layer1/index.js';
export * from './layer2/index.js';
export * from './layer3/index.js';
export * from './layer4/index.js';
export * from './gate/index.js';
export * from './reports/index.js';
export * from './plant/index.js';
export * from './spec-fixtures/index.js';
