import { summarizeChecks } from '@run4/checks';
import { LAYER_ORDER, type QualityGateReport, type QualityLevel } from '../gate/report-schema.js';
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

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** How many findings the "Top findings" table lists. Default 25. */
  topFindings?: number;
  /** How many Layer 2 reproductions (curl) to show. Default 10. */
  reproductions?: number;
}

/**
 * Render QUALITY_GATE_REPORT.md: the verdict, a per-layer table, excluded
 * services, the top findings with file:line and fix, a count per code,
 * curl reproductions of contract failures, and the check summary.
 *
 * @example
 * await writeFile('QUALITY_GATE_REPORT.md', renderMarkdown(report));
 */
export function renderMarkdown(report: QualityGateReport, options: MarkdownOptions = {}): string {
  const findings = collectFindings(report);
  const top = options.topFindings ?? 25;
  const lines: string[] = [];
  lines.push('# Quality Gate Report', '');
  lines.push(`**Verdict: ${report.overall_verdict.toUpperCase()}** — ${report.total_violations} violations, ${report.blocking_violations} blocking (blocking severity: \`${report.config.blocking_severity}\`).`, '');
  lines.push(`- Generated: ${report.generated_at}`);
  lines.push(`- Fix attempts: ${report.fix_attempts} of ${report.max_fix_attempts}`);
  lines.push(`- Layers run: ${report.layer_order.length > 0 ? report.layer_order.map((l) => LAYER_TITLES[l].split(' ')[0]).join(' → ') : 'none'}`);
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
