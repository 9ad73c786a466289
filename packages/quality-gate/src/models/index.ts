export * from './scan-violation.js';
export * from './scan-codes.js';
