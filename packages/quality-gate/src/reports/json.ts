import { QualityGateReportSchema, type QualityGateReport } from '../gate/report-schema.js';

/**
 * Render quality_gate_report.json (seed 003 section 7.5 shape plus Run 4
 * extras), validated against {@link QualityGateReportSchema} first.
 *
 * @example
 * await writeFile('quality_gate_report.json', renderJson(report));
 */
export function renderJson(report: QualityGateReport): string {
  return `${JSON.stringify(QualityGateReportSchema.parse(report), null, 2)}\n`;
}
