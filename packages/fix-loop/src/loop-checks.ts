import { check, type CheckRecord } from '@run4/checks';
import type { FixLoopResult } from './run-fix-loop.js';

/**
 * The milestone-5 verdicts of a fix-loop run as check records, for the
 * state, JUnit and the audit's traceability matrix:
 * - `m5.fix-loop.converged` (R4-M5-005): PASS when no P0/P1 is left open or
 *   a soft convergence rule fired; FAIL when the loop stopped on any other
 *   hard rule with P0/P1 still open;
 * - `m5.fix-loop.effective` (R4-M5-003, R4-M5-004): PASS when the passes
 *   resolved at least one targeted finding and every builder run succeeded;
 *   FAIL otherwise; SKIP when no pass was needed;
 * - `m5.fix-loop.no-regressions` (R4-M5-006): FAIL when the last pass had
 *   regressions or a fixed finding was reopened; SKIP when no pass ran.
 *
 * @example
 * state.checks.push(...fixLoopChecks(result));
 */
export function fixLoopChecks(result: FixLoopResult, applyFailures: readonly string[] = []): CheckRecord[] {
  const { passes, finalOpen, stop } = result;
  const open = `open P0 ${finalOpen.P0}, P1 ${finalOpen.P1}, P2 ${finalOpen.P2}, P3 ${finalOpen.P3}`;
  const converged = (finalOpen.P0 === 0 && finalOpen.P1 === 0) || stop.kind === 'soft';
  const data = { passes: passes.length, stop_reason: stop.reason, convergence: result.convergence, open: finalOpen };
  const records: CheckRecord[] = [
    check(
      'm5.fix-loop.converged',
      'fix loop converged',
      converged ? 'PASS' : 'FAIL',
      `${passes.length} pass(es), stopped: ${stop.reason ?? 'none'} (${stop.detail}); convergence ${result.convergence.toFixed(3)}; ${open}`,
      ['R4-M5-005'],
      0,
      data,
    ),
  ];

  if (passes.length === 0) {
    records.push(check('m5.fix-loop.effective', 'fix passes resolved findings', 'SKIP', `no fix pass ran: ${stop.detail}`, ['R4-M5-003', 'R4-M5-004']));
    records.push(check('m5.fix-loop.no-regressions', 'no regressions across fix passes', 'SKIP', 'no fix pass ran', ['R4-M5-006']));
    return records;
  }

  const targeted = passes.reduce((n, p) => n + p.targeted, 0);
  const resolved = passes.reduce((n, p) => n + p.resolved, 0);
  const effective = resolved > 0 && applyFailures.length === 0;
  records.push(
    check(
      'm5.fix-loop.effective',
      'fix passes resolved findings',
      effective ? 'PASS' : 'FAIL',
      `${resolved}/${targeted} targeted finding(s) resolved over ${passes.length} pass(es); effectiveness per pass ${passes.map((p) => `${(p.effectiveness * 100).toFixed(0)}%`).join(', ')}${applyFailures.length ? `; fixer failures: ${applyFailures.join('; ')}` : ''}`,
      ['R4-M5-003', 'R4-M5-004'],
      passes.reduce((n, p) => n + p.duration_ms, 0),
      { passes: passes.map((p) => ({ ...p })) },
    ),
  );

  const last = passes[passes.length - 1];
  const lastRegressions = last ? (result.regressions[last.pass_number] ?? []) : [];
  const reopened = result.findings.filter((f) => f.fix_verification.startsWith('REGRESSION:')).map((f) => f.finding_id);
  const clean = lastRegressions.length === 0 && reopened.length === 0;
  records.push(
    check(
      'm5.fix-loop.no-regressions',
      'no regressions across fix passes',
      clean ? 'PASS' : 'FAIL',
      clean
        ? `no regression in the last pass; regressions per pass ${passes.map((p) => p.regressions).join(', ')}`
        : `${lastRegressions.length} regression(s) in pass ${last?.pass_number}${lastRegressions.length ? `: ${lastRegressions.map((r) => r.message).join('; ')}` : ''}${reopened.length ? `; reopened ${reopened.join(', ')}` : ''}`,
      ['R4-M5-006'],
    ),
  );
  return records;
}
