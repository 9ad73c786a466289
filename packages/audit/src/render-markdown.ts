import type { AuditReport } from './build-report.js';
import { convergenceChart } from './convergence-chart.js';
import { formatDuration } from './cost.js';
import { clip, money, num, pct, table, yesNo } from './markdown.js';

function executiveSummary(r: AuditReport): string {
  const s = r.scores;
  const systems = Object.values(s.systems);
  const t = r.defect_totals;
  return [
    '## 1. Executive Summary',
    '',
    `**Verdict: ${r.verdict}** — aggregate score ${num(s.aggregate.score)} / 100${s.aggregate.capped ? ` (capped from ${num(s.aggregate.uncapped)})` : ''}.`,
    ...(s.aggregate.capReason ? ['', `> ${s.aggregate.capReason}`] : []),
    ...(s.aggregate.untested.length ? ['', `> UNTESTED components (counted as 0): ${s.aggregate.untested.join(', ')}.`] : []),
    '',
    table(
      ['System', 'Score', 'Light'],
      [...systems.map((x) => [x.label, num(x.score), x.light]), ['Integration', num(s.integration.score), s.integration.light], ['**Aggregate**', num(s.aggregate.score), s.aggregate.light]],
    ),
    '',
    `- Checks: ${r.checks.total} (${r.checks.passed} passed, ${r.checks.failed} failed, ${r.checks.warned} warned, ${r.checks.skipped} skipped)`,
    `- Fix passes: ${r.fix_passes.length}${r.stop_reason ? ` (stopped: ${r.stop_reason})` : ''}; convergence ${r.convergence === null ? 'not computed' : r.convergence.toFixed(2)}`,
    `- Defects: ${t.total} (P0 ${t.byPriority.P0 ?? 0}, P1 ${t.byPriority.P1 ?? 0}, P2 ${t.byPriority.P2 ?? 0}, P3 ${t.byPriority.P3 ?? 0}); ${t.fixed} fixed, ${t.open} open, ${t.wontfix} won't fix${
      t.open ? `; open by owner system: ${Object.entries(t.openBySystem).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ')}${t.openWithOwner ? ` (${t.openWithOwner} no builder could be given)` : ''}` : ''
    }`,
    `- Requirements: ${r.rtm_summary.pass} PASS, ${r.rtm_summary.warn} WARN (verified with caveat, not counted as passed), ${r.rtm_summary.fail} FAIL, ${r.rtm_summary.untested} UNTESTED of ${r.rtm_summary.total}`,
  ].join('\n');
}

function methodology(r: AuditReport): string {
  return [
    '## 2. Methodology',
    '',
    'Coverage + risk-based hybrid. Coverage: every requirement id of the seeds (SC, B1, B2, B3, X, R4-M1..M6) is traced to the checks that carry it; a requirement with no check that ran is UNTESTED. Risk: defects are ranked P0..P3 by the decision tree of the fix-pass method and fixed in that order until a stop rule fires.',
    '',
    `Every number below is computed from ${r.checks.total} check records (id, status, evidence, requirement ids) and the run's reports; a rubric category without evidence scores 0 and is marked UNTESTED. Only PASS counts as passed: a WARN (passed with a caveat) and a SKIP (did not run) stay in every rate's denominator and lower it, a requirement whose checks only WARNed is "Verified with caveat", not Verified, and a dark corner that only WARNed caps the aggregate like an untested one.`,
    ...(r.backend ? ['', `Deploy backend: **${r.backend}**.`] : []),
  ].join('\n');
}

function perSystem(r: AuditReport): string {
  const parts = ['## 3. Per-System Assessment'];
  for (const s of Object.values(r.scores.systems)) {
    parts.push(
      '',
      `### ${s.label}: ${num(s.score)} (${s.light})`,
      '',
      table(
        ['Category', 'Weight', 'Metric', 'Points', 'Status', 'Evidence'],
        s.categories.map((c) => [c.name, c.weight, c.metric === null ? 'UNTESTED' : num(c.metric, 3), num(c.points, 2), c.status, clip(c.evidence)]),
      ),
    );
  }
  return parts.join('\n');
}

function integration(r: AuditReport): string {
  const i = r.scores.integration;
  const ic = r.interface_coverage;
  return [
    '## 4. Integration Assessment',
    '',
    `Integration score: ${num(i.score)} (${i.light}).`,
    '',
    table(['Category', 'Weight', 'Points', 'Status', 'Evidence'], i.categories.map((c) => [c.name, c.weight, num(c.points, 2), c.status, clip(c.evidence)])),
    '',
    '### MCP interface coverage',
    '',
    `Valid-request coverage ${pct(ic.validCoverage)} (target 100%), error-request coverage ${pct(ic.errorCoverage)} (target ≥ 80%): ${ic.meetsTargets ? 'targets met' : 'targets NOT met'}.`,
    '',
    table(
      ['Server', 'Tool', 'Valid tested', 'Error tested', 'Parseable', 'p50 / p95 ms', 'Status'],
      ic.rows.map((x) => [
        x.server,
        x.tool,
        yesNo(x.validTested),
        yesNo(x.errorTested),
        yesNo(x.parseable),
        x.latencyMs ? `${x.latencyMs.p50.toFixed(1)} / ${x.latencyMs.p95.toFixed(1)}` : 'not measured',
        x.warned.length ? `${x.status} (WARN: ${x.warned.join(', ')})` : x.status,
      ]),
    ),
    '',
    '### Data flow path coverage',
    '',
    table(['Flow', 'Path', 'Tested', 'Status', 'Evidence'], r.data_flows.map((f) => [f.id, f.title, yesNo(f.tested), f.status, clip(f.evidence)])),
    '',
    '### Dark corners',
    '',
    table(['Id', 'Dark corner', 'Status', 'Evidence'], r.dark_corners.map((d) => [d.id, d.title, d.status, clip(d.evidence, 240)])),
  ].join('\n');
}

/** A pass's score delta with the aggregate before and after it (`+6.5 (60.0 → 66.5)`), or "not computed". */
export function scoreDelta(p: AuditReport['fix_passes'][number]): string {
  if (typeof p.score_before !== 'number' || typeof p.score_after !== 'number') return 'not computed';
  const d = p.score_after - p.score_before;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)} (${p.score_before.toFixed(1)} → ${p.score_after.toFixed(1)})`;
}

/** The open findings, each with its owner system and whether a builder was given it. */
function openFindings(r: AuditReport): string {
  const open = r.findings.filter((f) => f.resolution === '' || f.resolution === 'OPEN');
  if (open.length === 0) return 'No finding is open.';
  const route = (f: AuditReport['findings'][number]) =>
    f.route === 'owner' ? `no builder can fix it: for ${f.system}` : f.route === 'builder' ? 'handed to a builder, not fixed' : 'not recorded';
  return table(['Finding', 'Priority', 'Owner system', 'Component', 'Route', 'Evidence', 'Verification'], open.map((f) => [f.finding_id, f.priority, f.system, clip(f.component), route(f), clip(f.evidence), clip(f.fix_verification) || '—']));
}

/** The violations Run 4 planted itself: found by the gate, removed by the fix passes on the copy, never counted as the system's findings. */
function plantedPart(r: AuditReport): string[] {
  const p = r.planted;
  if (!p) return [];
  const service = [...new Set(p.rows.map((x) => x.service))].join(', ') || 'a built service';
  // The checks' evidence opens with its own verdict ("found: ", "MISSED: "); the table says it once.
  const said = (text: string) => clip(text.replace(/^(found|MISSED|not planted): /, ''));
  const found = (x: (typeof p.rows)[number]) => (x.found === null ? `not looked for: ${said(x.found_evidence)}` : `${x.found ? 'found' : '**missed**'}: ${said(x.found_evidence)}`);
  const fixed = (x: (typeof p.rows)[number]) => (x.fixed === null ? (x.fix_evidence ? `not judged: ${clip(x.fix_evidence)}` : '—') : `${x.fixed ? 'removed' : '**not removed**'}: ${clip(x.fix_evidence)}`);
  return [
    '',
    '### Planted by Run 4',
    '',
    `Run 4 planted the seed's deliberate violations (R4-M4-008) in a copy of ${service}'s build output, gated the copy on its own and ran the fix loop on it through the stack's builder. They test the gate and the fix loop; they are not findings of the system under test and are not in the defect catalog, the open findings or the violations above.`,
    '',
    table(['Code', 'Planted', 'Found by the gate', 'Fixed'], p.rows.map((x) => [x.code, x.planted ? `${x.file}:${x.line} (${clip(x.detail, 100)})` : `no: ${clip(x.detail, 100)}`, found(x), fixed(x)])),
    '',
    ...(p.passes.length
      ? [table(['Pass on the copy', 'Targeted', 'Resolved', 'Effectiveness', 'Score delta', 'Cost'], p.passes.map((x) => [x.pass_number, x.targeted, x.resolved, pct(x.effectiveness), scoreDelta(x), money(x.cost)])), '']
      : []),
    p.fix_status ? `Fix loop on the copy: ${p.fix_status} — ${clip(p.fix_evidence)}` : 'No fix loop ran on the planted copy.',
  ];
}

function fixHistory(r: AuditReport): string {
  if (r.fix_passes.length === 0) {
    return ['## 5. Fix Pass History', '', `No fix pass ran on the system's findings${r.stop_reason ? ` (${r.stop_reason})` : ''}.`, ...plantedPart(r)].join('\n');
  }
  return [
    '## 5. Fix Pass History',
    '',
    table(
      ['Pass', 'Targeted', 'Resolved', 'Failed', 'Regressions', 'Effectiveness', 'Regression rate', 'New defects', 'Score delta', 'Convergence', 'Cost'],
      r.fix_passes.map((p) => [
        p.pass_number,
        p.targeted,
        p.resolved,
        p.failed,
        p.regressions,
        pct(p.effectiveness),
        p.regression_rate === undefined ? '—' : pct(p.regression_rate),
        p.new_defects ?? '—',
        scoreDelta(p),
        p.convergence === undefined ? '—' : p.convergence.toFixed(2),
        money(p.cost),
      ]),
    ),
    '',
    'Convergence per pass (`|` marks 0.85, "converged enough"):',
    '',
    '```',
    convergenceChart(r.fix_passes),
    '```',
    ...(r.stop_reason ? ['', `Stopped: ${r.stop_reason}.`] : []),
    '',
    'Score delta: the aggregate of the scoring rubric recomputed from the check records before and after each pass (re-scanned records replace the earlier ones).',
    ...plantedPart(r),
  ].join('\n');
}

function gapAnalysis(r: AuditReport): string {
  const untested = r.rtm.filter((x) => x.status === 'UNTESTED').map((x) => x.id);
  const failed = r.rtm.filter((x) => x.status === 'FAIL').map((x) => x.id);
  const warned = r.rtm.filter((x) => x.status === 'WARN').map((x) => x.id);
  return [
    '## 6. Gap Analysis',
    '',
    `RTM: ${r.rtm_summary.pass} Verified, ${r.rtm_summary.warn} Verified with caveat (WARN), ${r.rtm_summary.fail} Gap (FAIL), ${r.rtm_summary.untested} Not verified (UNTESTED); ${r.rtm_summary.withFiles} of ${r.rtm_summary.total} requirements traced to implementing source files.`,
    '',
    `Verification matrix (SC/B1/B2/B3/X): ${r.scores.coverage.covered} of ${r.scores.coverage.total_criteria} criteria covered (${r.scores.coverage.coverage_pct.toFixed(1)}%).`,
    '',
    `- FAIL: ${failed.length ? failed.join(', ') : 'none'}`,
    `- WARN only (verified with caveat): ${warned.length ? warned.join(', ') : 'none'}`,
    `- UNTESTED: ${untested.length ? untested.join(', ') : 'none'}`,
    `- Untested data flows: ${r.data_flows.filter((f) => !f.tested).map((f) => f.id).join(', ') || 'none'}`,
    `- Untested MCP tools: ${r.interface_coverage.rows.filter((x) => x.status === 'UNTESTED').map((x) => x.tool).join(', ') || 'none'}`,
    '',
    '### Open findings',
    '',
    openFindings(r),
    '',
    '### "Good enough" thresholds',
    '',
    table(
      ['Criterion', 'Value', 'Minimum', 'Target', 'Stretch', 'Level', 'What was verified'],
      r.scores.thresholds.map((t) => [t.criterion, thresholdValue(t), t.display.minimum, t.display.target, t.display.stretch, t.level, clip(t.basis, 240)]),
    ),
    '',
    '### Known limitations',
    '',
    ...(r.limitations.length ? r.limitations.map((l) => `- ${l}`) : ['- none recorded']),
  ].join('\n');
}

/** A threshold value as the table shows it: a percentage for rates and coverage, else the number; UNTESTED when not measured. */
export function thresholdValue(t: AuditReport['scores']['thresholds'][number]): string {
  if (t.value === null) return 'UNTESTED';
  return t.value <= 1 && /rate|coverage/i.test(t.criterion) ? pct(t.value) : num(t.value, 2);
}

function appendices(r: AuditReport): string {
  const c = r.cost;
  return [
    '## 7. Appendices',
    '',
    '### Appendix A: Requirements Traceability Matrix',
    '',
    table(
      ['Requirement', 'Title', 'Implementation', 'Checks', 'Status', 'Verification', 'Reason'],
      r.rtm.map((x) => [x.id, x.title, x.files.join(', ') || '—', x.checkIds.join(', ') || '—', x.status, x.verification, clip(x.reason) || '—']),
    ),
    '',
    '### Appendix B: Violations and defect catalog',
    '',
    r.violations.length
      ? table(['Code', 'Severity', 'Service', 'File', 'Message'], r.violations.map((v) => [v.code, v.severity, v.service ?? '', `${v.file_path}${v.line ? `:${v.line}` : ''}`, clip(v.message)]))
      : 'No scan violations were reported.',
    '',
    r.findings.length
      ? table(['Finding', 'Priority', 'System', 'Component', 'Resolution', 'Pass', 'Verification'], r.findings.map((f) => [f.finding_id, f.priority, f.system, f.component, f.resolution || 'OPEN', f.fix_pass_number || '—', clip(f.fix_verification)]))
      : 'The defect catalog is empty.',
    '',
    '### Appendix C: Test results',
    '',
    r.check_records.length
      ? table(['Check', 'Status', 'Requirements', 'Duration ms', 'Evidence'], r.check_records.map((x) => [x.id, x.status, x.requirementIds.join(', '), Math.round(x.durationMs), clip(x.evidence)]))
      : 'No check records were given: every requirement is UNTESTED.',
    '',
    '### Appendix D: Cost breakdown',
    '',
    table(
      ['Phase', 'Cost', 'Duration'],
      [...c.rows.map((x) => [`${x.milestone}: ${x.name}`, money(x.cost), formatDuration(x.durationMs)]), ['**Total**', `**$${c.totalCost.toFixed(2)}**`, `**${formatDuration(c.totalDurationMs)}**`]],
    ),
    ...(c.unrecorded.length ? ['', `Not recorded: ${c.unrecorded.join(', ')}.`] : []),
  ].join('\n');
}

/**
 * Render SUPER_TEAM_AUDIT_REPORT.md with the seven sections of R4-M6-004.
 *
 * @example
 * const md = renderAuditMarkdown(await buildAuditReport(inputs));
 */
export function renderAuditMarkdown(report: AuditReport): string {
  return `${[
    `# SUPER_TEAM_AUDIT_REPORT\n\nRun ${report.run_id || '(no run id)'} — generated ${report.generated_at}`,
    executiveSummary(report),
    methodology(report),
    perSystem(report),
    integration(report),
    fixHistory(report),
    gapAnalysis(report),
    appendices(report),
  ].join('\n\n')}\n`;
}
