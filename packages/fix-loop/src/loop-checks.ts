import { check, CheckRecordSchema, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { checkKey, groupViolations, type ScanResult } from './catalog.js';
import { isOpen, type Finding } from './finding.js';
import { parseOrThrow } from './parse-input.js';
import type { FixLoopResult } from './run-fix-loop.js';
import { FixLoopViolationSchema } from './violation.js';

/**
 * `m5.catalog` (R4-M5-001, R4-M5-002): the defect catalog is complete.
 * Recounts, from the records themselves, every FAIL check (M2..M4) and
 * every (code, service, file) of violations, and FAILs naming each one that
 * has no finding; the evidence gives the priorities and where the findings
 * went (builders per service, OPEN with their owner system).
 *
 * @example
 * catalogCheck({ checks: [...m2, ...m3, ...m4], violations }, result.findings, services).status; // 'PASS'
 */
export function catalogCheck(sources: ScanResult, findings: readonly Finding[], services: readonly string[] = []): CheckRecord {
  const checks = parseOrThrow(z.array(CheckRecordSchema), sources.checks, 'catalog check records');
  const violations = parseOrThrow(z.array(FixLoopViolationSchema), sources.violations, 'catalog scan violations');
  const keys = new Set(findings.map((f) => f.key));
  const missing = [
    ...checks.filter((c) => c.status === 'FAIL' && !keys.has(checkKey(c.id))).map((c) => `check ${c.id}`),
    ...[...groupViolations(violations, services).entries()].filter(([key]) => !keys.has(key)).map(([, g]) => `${g.code} ${g.service ? `${g.service}/` : ''}${g.file}`),
  ];
  const failed = new Set(checks.filter((c) => c.status === 'FAIL').map((c) => c.id)).size;
  const count = (list: readonly Finding[], by: (f: Finding) => string) => {
    const m = new Map<string, number>();
    for (const f of list) m.set(by(f), (m.get(by(f)) ?? 0) + 1);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  };
  const owned = findings.filter((f) => f.route === 'owner');
  const evidence = [
    `${findings.length} findings from ${failed} failed check(s) and ${violations.length} violation(s): ${count(findings, (f) => f.priority)}`,
    `to builders: ${count(findings.filter((f) => f.route === 'builder'), (f) => f.source.service ?? '?')}`,
    `with their owners: ${count(owned, (f) => f.system)} (${owned.filter(isOpen).length} OPEN)`,
    ...(missing.length ? [`NOT catalogued: ${missing.join('; ')}`] : []),
  ].join('; ');
  return check('m5.catalog', 'defect catalog holds every failed check of M2..M4 and every violation', missing.length ? 'FAIL' : 'PASS', evidence, ['R4-M5-001', 'R4-M5-002'], 0, {
    findings: findings.length,
    missing,
  });
}

/**
 * The milestone-5 verdicts of a fix-loop run as check records, for the
 * state, JUnit and the audit's traceability matrix:
 * - `m5.fix-loop.converged` (R4-M5-005): PASS when no P0/P1 is left open or
 *   a soft convergence rule fired; WARN when every P0/P1 left is one no
 *   builder can be given (OPEN with its owner system, named in the
 *   evidence); FAIL when the loop stopped on any other hard rule with
 *   P0/P1 still open;
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
  const withOwners = result.findings.filter((f) => isOpen(f) && (f.priority === 'P0' || f.priority === 'P1') && f.route === 'owner');
  const ownersOnly = !converged && stop.reason === 'nothing-targetable';
  const data = { passes: passes.length, stop_reason: stop.reason, convergence: result.convergence, open: finalOpen, score_initial: result.score.initial, score_final: result.score.final };
  const scored = result.score.initial === null ? 'aggregate not computed' : `aggregate ${result.score.initial.toFixed(1)}${passes.length ? ` -> ${result.score.final?.toFixed(1) ?? 'not computed'}` : ''}`;
  const records: CheckRecord[] = [
    check(
      'm5.fix-loop.converged',
      'fix loop converged',
      converged ? 'PASS' : ownersOnly ? 'WARN' : 'FAIL',
      `${passes.length} pass(es), stopped: ${stop.reason ?? 'none'} (${stop.detail}); convergence ${result.convergence.toFixed(3)}; ${scored}; ${open}${
        withOwners.length ? `; OPEN with their owners (no builder can fix them): ${withOwners.map((f) => `${f.finding_id} ${f.priority} ${f.system} ${f.component}`).join(', ')}` : ''
      }`,
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
