import type { ContractViolation } from '../layer2/contract-violation.js';
import type { QualityGateReport, QualityLevel } from '../gate/report-schema.js';
import { LAYER_ORDER } from '../gate/report-schema.js';
import { isBlocking } from '../gate/gate-config.js';
import { gradeOf } from '../gate/violations.js';
import type { ScanViolation } from '../models/scan-violation.js';
import { describeCode } from './code-catalog.js';

/** One finding of any layer, flattened for reports. */
export interface Finding {
  layer: QualityLevel;
  code: string;
  severity: 'error' | 'warning' | 'info';
  blocking: boolean;
  /** Repo-relative file ('' when not tied to a file). */
  file: string;
  line: number;
  column?: number;
  service?: string;
  message: string;
  remediation: string;
  snippet?: string;
  /** Layer 2 only. */
  endpoint?: string;
  curl?: string;
  source: ScanViolation | ContractViolation;
}

const SEV = { error: 0, warning: 1, info: 2 } as const;

/**
 * Flatten every layer's violations into findings, most urgent first
 * (blocking, then severity, then layer order, then file and line).
 *
 * @example
 * collectFindings(report).slice(0, 10);
 */
export function collectFindings(report: QualityGateReport): Finding[] {
  const blockingSeverity = report.config.blocking_severity;
  const out: Finding[] = [];
  for (const layer of LAYER_ORDER) {
    const r = report.layers[layer];
    for (const v of r.violations) {
      out.push({
        layer,
        code: v.code,
        severity: v.severity,
        blocking: layer !== 'layer4_adversarial' && isBlocking(gradeOf(v), blockingSeverity),
        file: v.file_path,
        line: v.line,
        ...(v.column !== undefined ? { column: v.column } : {}),
        ...(v.service ? { service: v.service } : {}),
        message: v.message,
        remediation: v.remediation ?? describeCode(v.code).remediation,
        ...(v.snippet ? { snippet: v.snippet } : {}),
        source: v,
      });
    }
    for (const v of r.contract_violations) {
      out.push({
        layer,
        code: v.code,
        severity: v.severity,
        blocking: isBlocking(gradeOf(v), blockingSeverity),
        file: v.file_path,
        line: 0,
        service: v.service,
        message: v.message,
        remediation: describeCode(v.code).remediation,
        endpoint: v.endpoint,
        ...(v.curl ? { curl: v.curl } : {}),
        source: v,
      });
    }
  }
  const layerIndex = (l: QualityLevel) => LAYER_ORDER.indexOf(l);
  return out.sort(
    (a, b) =>
      Number(b.blocking) - Number(a.blocking) ||
      SEV[a.severity] - SEV[b.severity] ||
      layerIndex(a.layer) - layerIndex(b.layer) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
}
