import type { CheckRecord } from '@run4/checks';
import type { QualityGateReport } from '@run4/quality-gate';
import type { ScanResult } from './catalog.js';
import type { FixLoopViolationInput } from './violation.js';

/**
 * Every violation of a quality gate report in the fix loop's shape: scan
 * violations as they are, contract violations (which name an endpoint, not
 * a file) against the service's contract file.
 *
 * @example
 * const violations = gateViolations(report);
 */
export function gateViolations(report: QualityGateReport): FixLoopViolationInput[] {
  const out: FixLoopViolationInput[] = [];
  for (const layer of Object.values(report.layers)) {
    for (const v of layer.violations) out.push({ ...v });
    for (const v of layer.contract_violations) {
      out.push({
        code: v.code,
        severity: v.severity,
        category: 'contract',
        file_path: `${v.service}/contracts/openapi.yaml`,
        line: 0,
        message: `${v.endpoint}: ${v.message}`,
        service: v.service,
      });
    }
  }
  return out;
}

/**
 * Which check records a re-scan repeats: ids matching `pattern`, except the
 * ids in `exclude` (checks about how a build was set up rather than what it
 * does). Only these can be verified by a fix pass.
 */
export interface RescanFilter {
  pattern: RegExp;
  exclude?: readonly string[];
}

/**
 * The checks of a scan the fix loop may target (those the re-scan re-runs).
 *
 * @example
 * rescannable(checks, { pattern: /^(gate\.|l2\.)/, exclude: ['gate.planted-violations'] });
 */
export function rescannable(checks: readonly CheckRecord[], filter: RescanFilter): CheckRecord[] {
  const exclude = new Set(filter.exclude ?? []);
  return checks.filter((c) => filter.pattern.test(c.id) && !exclude.has(c.id));
}

/** What the fix loop gets from earlier check records and a gate report. */
export interface ScanInputs {
  /** The latest scan's re-scannable checks and the gate's violations: what each pass re-scans. */
  initial: ScanResult;
  /** Every other check record: catalogued and scored as it stands, OPEN for its owner. */
  standing: CheckRecord[];
  /** Everything the catalog must hold a finding for (every FAIL, every violation): `catalogCheck` recounts it. */
  sources: ScanResult;
}

/**
 * Split the check records at hand for the fix loop: `earlier` records no
 * re-scan repeats (standing as they are), the `latest` scan's records, of
 * which those `filter` names are re-scanned and the rest stand, and the
 * gate report's violations.
 *
 * @example
 * const { initial, standing, sources } = scanInputs({ earlier: [...mcpChecks, ...builderChecks], latest: pipelineChecks }, report, filter);
 */
export function scanInputs(records: { earlier: readonly CheckRecord[]; latest: readonly CheckRecord[] }, report: QualityGateReport, filter: RescanFilter): ScanInputs {
  const rescanned = new Set(rescannable(records.latest, filter));
  const violations = gateViolations(report);
  return {
    initial: { checks: [...rescanned], violations },
    standing: [...records.earlier, ...records.latest.filter((c) => !rescanned.has(c))],
    sources: { checks: [...records.earlier, ...records.latest], violations },
  };
}
