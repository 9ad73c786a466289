export { evaluateLayer1, Layer1BuilderResultSchema, LAYER1_THRESHOLDS, type Layer1BuilderResult, type Layer1Result, type Layer1ServiceResult } from './layer1.js';
