export * from './rule.js';
export { ScanInputError } from './errors.js';
export { ALL_RULES } from './rules/index.js';
export {
  MAX_VIOLATIONS_PER_CATEGORY,
  finalizeViolations,
  scanLayer3,
  scanSources,
  selectRules,
  type FileStat,
  type Layer3Options,
  type Layer3Result,
  type SourceInput,
} from './scan-layer3.js';
export { isSuppressed } from './suppressions.js';
export { isPlaceholder, redactSecret, redactLine } from './secret-values.js';
export { walkFiles, makeExcluder, IGNORED_DIRS, MAX_FILE_BYTES, type WalkedFile, type WalkResult, type UnreadFile } from './walker.js';
export { getCodeParser, type CodeLanguage, type CodeParser } from './tree-sitter.js';
export { detectLanguage } from './source-file.js';
