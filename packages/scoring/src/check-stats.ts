import type { CheckRecord } from '@run4/checks';

/**
 * Status counts of a set of check records. Only PASS is passed: a WARN
 * passed with a caveat and a SKIP did not run, so neither is counted as
 * passed; both stay in `total`, the denominator of a pass rate.
 */
export interface CheckCounts {
  /** PASS only. */
  passed: number;
  warned: number;
  failed: number;
  skipped: number;
  /** Checks that ran: PASS + WARN + FAIL. */
  ran: number;
  /** Every matching check, SKIP included. */
  total: number;
  checkIds: string[];
}

/**
 * Count the checks among `checks` matching `filter` by status. A pass rate
 * over them is `passed / total`: WARN and SKIP lower it, they never count
 * as passed.
 *
 * @example
 * countChecks(checks, (c) => c.requirementIds.includes('B1-02')); // { passed: 2, warned: 1, failed: 0, skipped: 0, ran: 3, total: 3, checkIds: [...] }
 */
export function countChecks(checks: readonly CheckRecord[], filter: (c: CheckRecord) => boolean = () => true): CheckCounts {
  const matching = checks.filter(filter);
  const count = (s: CheckRecord['status']) => matching.filter((c) => c.status === s).length;
  const skipped = count('SKIP');
  return {
    passed: count('PASS'),
    warned: count('WARN'),
    failed: count('FAIL'),
    skipped,
    ran: matching.length - skipped,
    total: matching.length,
    checkIds: matching.map((c) => c.id),
  };
}

/**
 * `passed / total`, or null when no check ran (nothing, or SKIP only).
 *
 * @example
 * passRate({ passed: 3, warned: 1, failed: 0, skipped: 0, ran: 4, total: 4, checkIds: [] }); // 0.75
 */
export function passRate(counts: CheckCounts): number | null {
  return counts.ran === 0 ? null : counts.passed / counts.total;
}

/**
 * The counts in words, saying what was not counted as passed:
 * `3/5 checks passed (1 WARN, 1 SKIP: not counted as passed)`.
 *
 * @example
 * describeCounts(counts, 'B1-* checks');
 */
export function describeCounts(counts: Pick<CheckCounts, 'passed' | 'warned' | 'failed' | 'skipped' | 'total'>, what: string): string {
  const notPassed = [
    counts.failed ? `${counts.failed} FAIL` : '',
    counts.warned ? `${counts.warned} WARN` : '',
    counts.skipped ? `${counts.skipped} SKIP` : '',
  ].filter(Boolean);
  return `${counts.passed}/${counts.total} ${what} passed${notPassed.length ? ` (${notPassed.join(', ')}: not counted as passed)` : ''}`;
}

/** Status of a tag (requirement id, DF-n, DC-n) from the checks that carry it. */
export type TagStatus = 'PASS' | 'WARN' | 'FAIL' | 'UNTESTED';

/**
 * The worst status among the checks that ran carrying any of `tags`:
 * FAIL when one failed, else WARN when one passed only with a caveat (not
 * verified outright), else PASS; UNTESTED when none ran (SKIP only, or no
 * check), with `reason` giving the SKIP evidence or saying no check carried it.
 *
 * @example
 * tagStatus(checks, ['DF-1']); // { status: 'PASS', checks: [...], reason: '' }
 */
export function tagStatus(checks: readonly CheckRecord[], tags: readonly string[]): { status: TagStatus; checks: CheckRecord[]; reason: string } {
  const tagged = checks.filter((c) => c.requirementIds.some((id) => tags.includes(id)));
  const ran = tagged.filter((c) => c.status !== 'SKIP');
  const why = (status: CheckRecord['status']) =>
    tagged
      .filter((c) => c.status === status)
      .map((c) => `${c.id} ${status}: ${c.evidence}`)
      .join('; ');
  if (ran.length === 0) return { status: 'UNTESTED', checks: tagged, reason: tagged.length ? why('SKIP') : `no check carries ${tags.join(' / ')}` };
  if (ran.some((c) => c.status === 'FAIL')) return { status: 'FAIL', checks: tagged, reason: why('FAIL') };
  if (ran.some((c) => c.status === 'WARN')) return { status: 'WARN', checks: tagged, reason: why('WARN') };
  return { status: 'PASS', checks: tagged, reason: '' };
}
