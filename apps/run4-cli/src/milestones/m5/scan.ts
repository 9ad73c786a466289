import type { CheckRecord } from '@run4/checks';
import { scanInputs, type RescanFilter, type ScanInputs } from '@run4/fix-loop';
import type { QualityGateReport } from '@run4/quality-gate';
import { aggregateScorer, type McpToolOutcome } from '@run4/scoring';

export { gateViolations } from '@run4/fix-loop';

/**
 * M4 check ids the re-scan runs again (deploy, flows, live contract
 * compliance, gate): only these can be verified by a fix pass. The planted
 * violations check is about how the build was set up; no re-scan repeats it.
 */
export const RESCAN: RescanFilter = {
  pattern: /^(m4\.generated\.|m4\.flow\.|m4\.integration\.|l1\.|l2\.|l3\.|l4\.|gate\.)/,
  exclude: ['gate.planted-violations'],
};

/** Each MCP tool's outcome as M2 recorded it in the state's `mcp_tool_results` (what the integration score's MCP connectivity reads). */
export function mcpToolsOf(results: Record<string, unknown> | undefined): McpToolOutcome[] {
  return Object.entries(results ?? {}).map(([tool, r]) => {
    const x = r as { server?: string; valid?: string; invalid?: string };
    return { server: String(x.server ?? ''), tool, ok: x.valid === 'PASS', ...(x.invalid ? { errorOk: x.invalid === 'PASS' } : {}) };
  });
}

/** What M5 hands the fix loop: the scan inputs plus the aggregate of @run4/scoring over M1's records and a scan's. */
export interface FixLoopInputs extends ScanInputs {
  score: (checks: readonly CheckRecord[]) => number | null;
}

/**
 * The fix loop's inputs from M1..M4's check files and M4's gate report:
 * M2's and M3's records stand, M4's re-scannable ones are re-scanned.
 *
 * @example
 * const { initial, standing, score } = fixLoopInputs({ m1, m2, m3, m4 }, gateReport, state.mcp_tool_results);
 */
export function fixLoopInputs(
  records: { m1: readonly CheckRecord[]; m2: readonly CheckRecord[]; m3: readonly CheckRecord[]; m4: readonly CheckRecord[] },
  report: QualityGateReport,
  mcpToolResults?: Record<string, unknown>,
): FixLoopInputs {
  const mcpTools = mcpToolsOf(mcpToolResults);
  return {
    ...scanInputs({ earlier: [...records.m2, ...records.m3], latest: records.m4 }, report, RESCAN),
    score: aggregateScorer({ integration: mcpTools.length ? { mcpTools } : {} }, records.m1),
  };
}
