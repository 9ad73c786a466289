import { getScanCode } from '../models/scan-codes.js';
import type { FileRule, ServiceRule } from './rule.js';

type Meta = 'name' | 'category' | 'seedSeverity' | 'severity' | 'scope';

function meta(code: string) {
  const info = getScanCode(code);
  if (!info || info.layer !== 3) throw new Error(`${code} is not a Layer 3 scan code of seed 004 section 6.4`);
  return { name: info.name, category: info.category, seedSeverity: info.seedSeverity, severity: info.severity };
}

/**
 * Define a per-file rule; name, category and severities come from the seed catalog.
 *
 * @example
 * export const rule = defineFileRule({ code: 'LOG-001', languages: ['python'], message: '…', remediation: '…', samples, check: () => [] });
 */
export function defineFileRule(rule: Omit<FileRule, Meta>): FileRule {
  return { ...meta(rule.code), scope: 'file', ...rule };
}

/**
 * Define a per-service rule; name, category and severities come from the seed catalog.
 *
 * @example
 * export const rule = defineServiceRule({ code: 'HEALTH-001', message: '…', remediation: '…', samples, check: () => [] });
 */
export function defineServiceRule(rule: Omit<ServiceRule, Meta>): ServiceRule {
  return { ...meta(rule.code), scope: 'service', ...rule };
}

/** The code languages (tree-sitter parsed). */
export const CODE_LANGUAGES = ['python', 'typescript', 'tsx', 'javascript'] as const;
/** JavaScript-family languages. */
export const JS_LANGUAGES = ['typescript', 'tsx', 'javascript'] as const;
