import type { CheckRecord } from '@run4/checks';
import type { FixLoopViolationInput } from '@run4/fix-loop';
import type { QualityGateReport } from '@run4/quality-gate';

/** M4 check ids the re-scan runs again (deploy, flows, live contract compliance, gate): only these can be verified by a fix pass. */
export const RESCANNED_CHECK = /^(m4\.generated\.|m4\.flow\.|m4\.integration\.|l1\.|l2\.|l3\.|l4\.|gate\.)/;

/**
 * Every violation of a gate report in the fix loop's shape: scan violations
 * as they are, contract violations (which name an endpoint, not a file)
 * against the service's contract file.
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

/** Checks about how the build was set up rather than what it does; a re-scan does not repeat them. */
const NOT_RESCANNED = new Set(['gate.planted-violations']);

/** The checks of a scan the fix loop may target (those the re-scan re-runs). */
export function rescannable(checks: readonly CheckRecord[]): CheckRecord[] {
  return checks.filter((c) => RESCANNED_CHECK.test(c.id) && !NOT_RESCANNED.has(c.id));
}
