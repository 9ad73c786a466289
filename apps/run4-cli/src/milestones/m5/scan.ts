import type { CheckRecord } from '@run4/checks';
import type { FixLoopViolationInput, ScanResult } from '@run4/fix-loop';
import type { QualityGateReport } from '@run4/quality-gate';
import { aggregateScorer, type McpToolOutcome } from '@run4/scoring';

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

/** Each MCP tool's outcome as M2 recorded it in the state's `mcp_tool_results` (what the integration score's MCP connectivity reads). */
export function mcpToolsOf(results: Record<string, unknown> | undefined): McpToolOutcome[] {
  return Object.entries(results ?? {}).map(([tool, r]) => {
    const x = r as { server?: string; valid?: string; invalid?: string };
    return { server: String(x.server ?? ''), tool, ok: x.valid === 'PASS', ...(x.invalid ? { errorOk: x.invalid === 'PASS' } : {}) };
  });
}

/** What M5 hands the fix loop, from the earlier milestones' check files and M4's gate report. */
export interface FixLoopInputs {
  /** M4's re-scannable checks and the gate's violations: what each pass re-scans. */
  initial: ScanResult;
  /** Every other check of M2, M3 and M4: catalogued and scored as it stands, OPEN for its owner. */
  standing: CheckRecord[];
  /** Everything the catalog must hold a finding for (every FAIL of M2..M4, every violation): `m5.catalog` recounts it. */
  sources: ScanResult;
  /** The aggregate of @run4/scoring over M1's records and the records of a scan (standing ones included). */
  score: (checks: readonly CheckRecord[]) => number | null;
}

/**
 * Assemble the fix loop's inputs: every check record of M2..M4 (each
 * milestone's file), split into what a re-scan repeats and what stands,
 * the gate's violations, and the real score function.
 *
 * @example
 * const { initial, standing, score } = fixLoopInputs({ m1, m2, m3, m4 }, gateReport, state.mcp_tool_results);
 */
export function fixLoopInputs(
  records: { m1: readonly CheckRecord[]; m2: readonly CheckRecord[]; m3: readonly CheckRecord[]; m4: readonly CheckRecord[] },
  report: QualityGateReport,
  mcpToolResults?: Record<string, unknown>,
): FixLoopInputs {
  const rescanned = new Set(rescannable(records.m4));
  const violations = gateViolations(report);
  const mcpTools = mcpToolsOf(mcpToolResults);
  return {
    initial: { checks: [...rescanned], violations },
    standing: [...records.m2, ...records.m3, ...records.m4.filter((c) => !rescanned.has(c))],
    sources: { checks: [...records.m2, ...records.m3, ...records.m4], violations },
    score: aggregateScorer({ integration: mcpTools.length ? { mcpTools } : {} }, records.m1),
  };
}
