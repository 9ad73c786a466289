import type { CheckRecord, CheckStatus } from './check-record.js';

export interface CheckSummary {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  /** passed / (total - skipped); 0 when nothing ran. */
  passRate: number;
  /** Worst status per requirement id: FAIL > WARN > PASS > SKIP. */
  byRequirement: Record<string, CheckStatus>;
  /** True when no check failed. */
  ok: boolean;
}

const SEVERITY: Record<CheckStatus, number> = { SKIP: 0, PASS: 1, WARN: 2, FAIL: 3 };

/**
 * Count check records and fold them per requirement id (worst status wins).
 *
 * @example
 * summarizeChecks([check('a', 'A', 'PASS', 'ok', ['SC-01'])]).passRate; // 1
 */
export function summarizeChecks(records: readonly CheckRecord[]): CheckSummary {
  const count = (s: CheckStatus) => records.filter((r) => r.status === s).length;
  const passed = count('PASS');
  const failed = count('FAIL');
  const warned = count('WARN');
  const skipped = count('SKIP');
  const ran = records.length - skipped;
  const byRequirement: Record<string, CheckStatus> = {};
  for (const record of records) {
    for (const id of record.requirementIds) {
      const prev = byRequirement[id];
      if (prev === undefined || SEVERITY[record.status] > SEVERITY[prev]) byRequirement[id] = record.status;
    }
  }
  return {
    total: records.length,
    passed,
    failed,
    warned,
    skipped,
    passRate: ran === 0 ? 0 : passed / ran,
    byRequirement,
    ok: failed === 0,
  };
}

/**
 * The closing line test runners print: `N passed, N failed, N skipped`.
 *
 * @example
 * formatSummaryLine(summarizeChecks(records)); // '12 passed, 0 failed, 1 skipped'
 */
export function formatSummaryLine(summary: CheckSummary): string {
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
}
