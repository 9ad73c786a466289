import { getContractCode, type ContractViolation } from '../layer2/contract-violation.js';
import { getScanCode } from '../models/scan-codes.js';
import type { ScanViolation } from '../models/scan-violation.js';
import { isBlocking, type BlockingSeverity } from './gate-config.js';

/** Violations kept per category (seed 004: capped at 200 per category). */
export const VIOLATION_CAP_PER_CATEGORY = 200;

/**
 * The severity grade a violation is judged by: the seed's grade for its
 * code (critical/high/error/warning/info) when the code is known, else its
 * reported severity.
 *
 * @example
 * gradeOf({ code: 'SEC-002', severity: 'error' }); // 'critical'
 */
export function gradeOf(v: { code: string; severity: 'error' | 'warning' | 'info' }): BlockingSeverity {
  return getScanCode(v.code)?.seedSeverity ?? getContractCode(v.code)?.seedSeverity ?? v.severity;
}

/**
 * Count the violations that block under `blocking_severity`.
 *
 * @example
 * countBlocking([{ code: 'LOG-001', severity: 'warning' }], 'error'); // 0
 */
export function countBlocking(list: ReadonlyArray<{ code: string; severity: 'error' | 'warning' | 'info' }>, blockingSeverity: BlockingSeverity): number {
  return list.filter((v) => isBlocking(gradeOf(v), blockingSeverity)).length;
}

/**
 * Drop duplicate scan violations (same code, file, line, column and message).
 *
 * @example
 * dedupeScanViolations([v, { ...v }]).length; // 1
 */
export function dedupeScanViolations(list: readonly ScanViolation[]): ScanViolation[] {
  const seen = new Map<string, ScanViolation>();
  for (const v of list) {
    const key = [v.code, v.file_path, v.line, v.column ?? 0, v.message].join('\u0000');
    if (!seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()];
}

/**
 * Drop duplicate contract violations (same code, service, endpoint and message).
 *
 * @example
 * dedupeContractViolations([c, { ...c }]).length; // 1
 */
export function dedupeContractViolations(list: readonly ContractViolation[]): ContractViolation[] {
  const seen = new Map<string, ContractViolation>();
  for (const v of list) {
    const key = [v.code, v.service, v.endpoint, v.message].join('\u0000');
    if (!seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()];
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Keep at most `cap` violations per category, most severe first; report how
 * many each category lost.
 *
 * @example
 * const { kept, truncated } = capPerCategory(list, (v) => v.category);
 */
export function capPerCategory<T extends { severity: 'error' | 'warning' | 'info' }>(
  list: readonly T[],
  categoryOf: (v: T) => string,
  cap = VIOLATION_CAP_PER_CATEGORY,
): { kept: T[]; truncated: Record<string, number> } {
  const sorted = [...list].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const counts = new Map<string, number>();
  const truncated: Record<string, number> = {};
  const kept: T[] = [];
  for (const v of sorted) {
    const cat = categoryOf(v);
    const n = counts.get(cat) ?? 0;
    if (n >= cap) {
      truncated[cat] = (truncated[cat] ?? 0) + 1;
      continue;
    }
    counts.set(cat, n + 1);
    kept.push(v);
  }
  return { kept, truncated };
}

/** Category of a contract violation for capping: the code family (`schema`, `pact`). */
export function contractCategory(v: ContractViolation): string {
  return v.code.split('-')[0]!.toLowerCase();
}
