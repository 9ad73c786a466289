import type { CheckRecord } from '@run4/checks';

/** Passed (PASS or WARN) and total of the check records that ran (SKIP left out). */
export interface RanCount {
  passed: number;
  total: number;
  failed: number;
  checkIds: string[];
}

/**
 * Count the checks that ran among `checks` matching `filter`: WARN counts as
 * passed (it passed with a note), SKIP is not counted at all.
 *
 * @example
 * ranCount(checks, (c) => c.requirementIds.includes('B1-02')); // { passed: 3, total: 3, failed: 0, checkIds: [...] }
 */
export function ranCount(checks: readonly CheckRecord[], filter: (c: CheckRecord) => boolean = () => true): RanCount {
  const ran = checks.filter((c) => c.status !== 'SKIP' && filter(c));
  const failed = ran.filter((c) => c.status === 'FAIL').length;
  return { passed: ran.length - failed, total: ran.length, failed, checkIds: ran.map((c) => c.id) };
}

/** Status of a tag (requirement id, DF-n, DC-n) from the checks that carry it. */
export type TagStatus = 'PASS' | 'FAIL' | 'UNTESTED';

/**
 * PASS when at least one check carrying any of `tags` ran and none failed,
 * FAIL when one failed, UNTESTED when none ran (SKIP only, or no check).
 *
 * @example
 * tagStatus(checks, ['DF-1']); // 'PASS'
 */
export function tagStatus(checks: readonly CheckRecord[], tags: readonly string[]): { status: TagStatus; checks: CheckRecord[] } {
  const tagged = checks.filter((c) => c.requirementIds.some((id) => tags.includes(id)));
  const ran = tagged.filter((c) => c.status !== 'SKIP');
  if (ran.length === 0) return { status: 'UNTESTED', checks: tagged };
  return { status: ran.some((c) => c.status === 'FAIL') ? 'FAIL' : 'PASS', checks: tagged };
}
