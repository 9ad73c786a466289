import { summarizeChecks } from '@run4/checks';
import { LAYER_ORDER, type FileNotAnalysed, type QualityGateReport, type QualityLevel } from '../gate/report-schema.js';
import { describeCode } from './code-catalog.js';
import { collectFindings, type Finding } from './findings.js';

const LAYER_TITLES: Record<QualityLevel, string> = {
  layer1_service: 'L1 Per-service quality',
  layer2_contract: 'L2 Contract compliance',
  layer3_system: 'L3 System-level scans',
  layer4_adversarial: 'L4 Adversarial review (advisory)',
};

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

function location(f: Finding): string {
  if (f.endpoint) return `${f.service ?? ''} \`${f.endpoint}\``.trim();
  if (!f.file) return f.service ?? '';
  return `\`${f.file}${f.line > 0 ? `:${f.line}` : ''}\``;
}

const COVERAGE: Record<FileNotAnalysed['coverage'], string> = { none: 'nothing', secrets_only: 'secrets only', text_only: 'secrets and text rules, no code rules', partial: 'every rule but the one that failed' };

/**
 * Every file a layer did not fully analyse, with its layer.
 *
 * @example
 * notAnalysedFiles(report).map((f) => `${f.file_path}: ${f.reason}`);
 */
export function notAnalysedFiles(report: QualityGateReport): Array<FileNotAnalysed & { layer: QualityLevel }> {
  return LAYER_ORDER.flatMap((l) => (report.layers[l].files_not_analysed ?? []).map((f) => ({ ...f, layer: l })));
}

/**
 * One line saying how the layers were chained (`gating_mode`).
 *
 * @example
 * gatingSummary(report); // 'all layers: every selected layer ran, whatever the earlier ones found (...)'
 */
export function gatingSummary(report: QualityGateReport): string {
  if ((report.gating_mode ?? 'promotion') === 'all_layers') return 'all layers: every selected layer ran, whatever the earlier ones found (promotion gating not applied)';
  return report.config.continue_after_blocking
    ? 'promotion (seed 004 section 6.6) with continue_after_blocking: later layers ran after a blocking one, the verdict keeps the block'
    : 'promotion (seed 004 section 6.6): a layer with blocking findings stops the later ones';
}

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** How many findings the "Top findings" table lists. Default 25. */
  topFindings?: number;
  /** How many Layer 2 reproductions (curl) to show. Default 10. */
  reproductions?: number;
  /** How many files not (fully) analysed to list. Default 50. */
  notAnalysed?: number;
}

/**
 * Render QUALITY_GATE_REPORT.md: the verdict, how the layers were gated,
 * a per-layer table, excluded services, the top findings with file:line
 * and fix, a count per code, the files not (fully) analysed and why, curl
 * reproductions of contract failures, and the check summary.
 *
 * @example
 * await writeFile('QUALITY_GATE_REPORT.md', renderMarkdown(report));
 */
export function renderMarkdown(report: QualityGateReport, options: MarkdownOptions = {}): string {
  const findings = collectFindings(report);
  const top = options.topFindings ?? 25;
  const lines: string[] = [];
  lines.push('# Quality Gate Report', '');
  const missing = notAnalysedFiles(report);
  const blind = missing.length > 0 ? ` **${missing.length} files not fully analysed** (${missing.filter((f) => f.coverage === 'none').length} not at all; listed below).` : '';
  lines.push(`**Verdict: ${report.overall_verdict.toUpperCase()}** — ${report.total_violations} violations, ${report.blocking_violations} blocking (blocking severity: \`${report.config.blocking_severity}\`).${blind}`, '');
  lines.push(`- Generated: ${report.generated_at}`);
  lines.push(`- Fix attempts: ${report.fix_attempts} of ${report.max_fix_attempts}`);
  lines.push(`- Layers run: ${report.layer_order.length > 0 ? report.layer_order.map((l) => LAYER_TITLES[l].split(' ')[0]).join(' → ') : 'none'}`);
  lines.push(`- Gating: ${gatingSummary(report)}`);
  for (const l of LAYER_ORDER) {
    const r = report.layers[l];
    if (r.files_analysed === undefined && r.files_not_analysed === undefined) continue;
    const skipped = Object.entries(r.files_skipped ?? {}).map(([why, n]) => `${n} ${why}`);
    lines.push(`- ${LAYER_TITLES[l].split(' ')[0]} files: ${r.files_analysed ?? 0} analysed, ${(r.files_not_analysed ?? []).length} not fully analysed${skipped.length ? `, skipped by policy: ${skipped.join(', ')}` : ''}`);
  }
  lines.push('');
  lines.push('## Layers', '');
  lines.push('| Layer | Verdict | Checks passed | Violations | Blocking | Duration | Note |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const l of LAYER_ORDER) {
    const r = report.layers[l];
    const n = r.violations.length + r.contract_violations.length + (r.failed_services?.length ?? 0);
    const truncated = Object.entries(r.truncated ?? {}).map(([k, v]) => `${v} more ${k} not listed (cap 200)`);
    const note = [r.skipped_reason ?? '', ...truncated].filter(Boolean).join('; ');
    lines.push(`| ${LAYER_TITLES[l]} | ${r.verdict} | ${r.passed_checks}/${r.total_checks} | ${n} | ${r.blocking_violations} | ${r.duration_seconds.toFixed(2)} s | ${cell(note)} |`);
  }
  lines.push('');
  const failed = report.layers.layer1_service.failed_services ?? [];
  if (failed.length > 0) {
    lines.push('## Services excluded by Layer 1', '');
    for (const s of failed) lines.push(`- **${s.service_id}**: ${s.reasons.join('; ')}`);
    lines.push('');
  }
  lines.push('## Top findings', '');
  if (findings.length === 0) lines.push('No findings.');
  else {
    lines.push('| # | Code | Severity | Location | Finding | Fix |');
    lines.push('|---|---|---|---|---|---|');
    findings.slice(0, top).forEach((f, i) => {
      const sev = `${f.severity}${f.blocking ? ' (blocking)' : ''}`;
      lines.push(`| ${i + 1} | ${f.code} | ${sev} | ${cell(location(f))} | ${cell(f.message)} | ${cell(f.remediation)} |`);
    });
    if (findings.length > top) lines.push('', `… and ${findings.length - top} more in quality_gate_report.json.`);
  }
  lines.push('');
  if (findings.length > 0) {
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    lines.push('## Findings by code', '');
    lines.push('| Code | Name | Layer | Count |');
    lines.push('|---|---|---|---|');
    for (const [code, count] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const d = describeCode(code);
      lines.push(`| ${code} | ${cell(d.name)} | L${d.layer} | ${count} |`);
    }
    lines.push('');
  }
  if (missing.length > 0) {
    const shown = options.notAnalysed ?? 50;
    lines.push('## Files not fully analysed', '');
    lines.push('| File | Layer | What ran | Why |');
    lines.push('|---|---|---|---|');
    for (const f of missing.slice(0, shown)) lines.push(`| \`${cell(f.file_path)}\` | ${LAYER_TITLES[f.layer].split(' ')[0]} | ${COVERAGE[f.coverage]} | ${cell(f.reason)} |`);
    if (missing.length > shown) lines.push('', `… and ${missing.length - shown} more in quality_gate_report.json.`);
    lines.push('');
  }
  const repro = findings.filter((f) => f.curl).slice(0, options.reproductions ?? 10);
  if (repro.length > 0) {
    lines.push('## Reproduce contract failures', '');
    for (const f of repro) {
      lines.push(`- **${f.code}** ${f.service ?? ''} \`${f.endpoint}\`: ${f.message}`, '', '  ```sh', `  ${f.curl}`, '  ```', '');
    }
  }
  const s = summarizeChecks(report.checks);
  lines.push('## Checks', '');
  lines.push(`${s.total} checks: ${s.passed} passed, ${s.failed} failed, ${s.warned} warnings, ${s.skipped} skipped.`, '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
