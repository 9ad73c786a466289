import type { FixPassSnapshot } from './snapshot.js';

/** One regression found by comparing a pass's before and after snapshots (R4-M5-006). */
export interface Regression {
  kind: 'violation-reappeared' | 'new-violation' | 'check-now-failing';
  /** `CODE service/file` for violations, the check id for checks. */
  subject: string;
  message: string;
}

/**
 * Compare the snapshots around a fix pass (seed 002 section 7.6
 * `detect_regressions`, seed 001 section 5.1 REGRESS and R4-M5-006):
 * - a violation absent before and present after is a regression — called
 *   `violation-reappeared` when an earlier pass had fixed it (`fixedEarlier`
 *   holds `CODE service/file` entries), else `new-violation`;
 * - a check that passed before and fails (or vanished) after is a regression.
 *
 * @example
 * detectRegressions(before, after).map((r) => r.message);
 * // ['REGRESSION: mcp.architect.decompose passed in fix pass #1 (before) but failed after']
 */
export function detectRegressions(before: FixPassSnapshot, after: FixPassSnapshot, fixedEarlier: ReadonlySet<string> = new Set()): Regression[] {
  const out: Regression[] = [];
  for (const [code, filesAfter] of Object.entries(after.violations)) {
    const filesBefore = new Set(before.violations[code] ?? []);
    for (const file of filesAfter) {
      if (filesBefore.has(file)) continue;
      const subject = `${code} ${file}`;
      const reappeared = fixedEarlier.has(subject);
      out.push({
        kind: reappeared ? 'violation-reappeared' : 'new-violation',
        subject,
        message: reappeared
          ? `REGRESSION: ${code} in ${file} was fixed earlier and reappeared after fix pass #${after.pass_number}`
          : `REGRESSION: ${code} in ${file} was absent before fix pass #${after.pass_number} and present after it`,
      });
    }
  }
  for (const [checkId, passedBefore] of Object.entries(before.test_results)) {
    const passedAfter = after.test_results[checkId] ?? false;
    if (passedBefore && !passedAfter) {
      out.push({
        kind: 'check-now-failing',
        subject: checkId,
        message: `REGRESSION: ${checkId} passed in fix pass #${before.pass_number} (before) but ${checkId in after.test_results ? 'failed' : 'did not run'} after`,
      });
    }
  }
  return out;
}
