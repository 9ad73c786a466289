import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { QualityGateReport } from '../gate/report-schema.js';
import { redactReportSecrets } from '../gate/redact-report.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

/** Report formats and their file names (DESIGN.md section 7). */
export const REPORT_FILES = { md: 'QUALITY_GATE_REPORT.md', json: 'quality_gate_report.json', sarif: 'quality_gate.sarif' } as const;
export type ReportFormat = keyof typeof REPORT_FILES;

/**
 * Render a report in one format.
 *
 * @example
 * process.stdout.write(renderReport(report, 'sarif'));
 */
export function renderReport(report: QualityGateReport, format: ReportFormat): string {
  const safe = redactReportSecrets(report);
  if (format === 'md') return renderMarkdown(safe);
  if (format === 'json') return renderJson(safe);
  return renderSarif(safe);
}

/**
 * Write the reports into `outDir` (tmp file + rename, so a reader never
 * sees half a report). Every format is rendered before anything is
 * written. Returns the paths written.
 *
 * @example
 * await writeReports(report, '.run4'); // { md: '.run4/QUALITY_GATE_REPORT.md', json: ..., sarif: ... }
 */
export async function writeReports(
  report: QualityGateReport,
  outDir: string,
  formats: readonly ReportFormat[] = ['md', 'json', 'sarif'],
): Promise<Partial<Record<ReportFormat, string>>> {
  const rendered = formats.map((f) => [f, renderReport(report, f)] as const);
  await mkdir(outDir, { recursive: true });
  const written: Partial<Record<ReportFormat, string>> = {};
  for (const [format, text] of rendered) {
    const target = join(outDir, REPORT_FILES[format]);
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, target);
    written[format] = target;
  }
  return written;
}

/**
 * SC-05 / R4-M4-008 / B2-04: every planted code appears as a finding in
 * QUALITY_GATE_REPORT.md (looked up in the "Findings by code" table of the
 * rendered Markdown, so the check reads what a person reads).
 *
 * @example
 * checkPlantedViolations(renderMarkdown(report), ['HEALTH-001', 'SCHEMA-001', 'LOG-001']).status; // 'PASS'
 */
export function checkPlantedViolations(markdown: string, plantedCodes: readonly string[]): CheckRecord {
  const section = markdown.split(/^## Findings by code$/m)[1]?.split(/^## /m)[0] ?? '';
  const found = plantedCodes.filter((c) => new RegExp(`^\\| ${c.replace(/[-]/g, '\\-')} \\|`, 'm').test(section));
  const missing = plantedCodes.filter((c) => !found.includes(c));
  return check(
    'gate.planted-violations',
    'Planted violations appear in QUALITY_GATE_REPORT.md',
    plantedCodes.length === 0 ? 'SKIP' : missing.length === 0 ? 'PASS' : 'FAIL',
    missing.length === 0 ? `found ${found.join(', ') || '(none planted)'}` : `missing ${missing.join(', ')}; found ${found.join(', ') || 'none'}`,
    ['SC-05', 'R4-M4-008', 'B2-04'],
    0,
    { planted: [...plantedCodes], found, missing },
  );
}
