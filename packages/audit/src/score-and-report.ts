import path from 'node:path';
import { readFileSync } from 'node:fs';
import { check, type CheckRecord } from '@run4/checks';
import { computeScores, type McpToolOutcome, type ScoreReport, type SystemReport } from '@run4/scoring';
import type { AuditInputsInput } from './inputs.js';
import { writeAuditReport } from './write-report.js';

/** One tool's MCP outcome as a run's state records it (the fields scoring and the report read). */
export interface ToolResultRecord {
  server: string;
  valid: string;
  invalid?: string | undefined;
  latency_ms?: { p50: number; p95: number; p99: number } | undefined;
}

/** What the fix loop left, as a run's state records it. */
export interface FixLoopRecord {
  findings: NonNullable<AuditInputsInput['findings']>;
  passes: NonNullable<AuditInputsInput['fixPasses']>;
  totalPasses: number;
  convergenceScore: number;
}

/** Everything {@link scoreAndReport} scores and writes. */
export interface ScoreAndReportInput {
  /** Where the report files go. */
  outputDir: string;
  runId: string;
  /** Every check record of the run. */
  checks: CheckRecord[];
  /** Per-system figures no check carries (see `systemEvidence`). */
  systems: Record<'build1' | 'build2' | 'build3', SystemReport>;
  /** Per-tool MCP outcomes keyed by tool (RUN4_STATE.json's `mcp_tool_results`). */
  toolResults: Record<string, ToolResultRecord>;
  /** The fix loop's findings and passes; null when the run has no state. */
  fixLoop: FixLoopRecord | null;
  stopReason: string;
  violations: NonNullable<AuditInputsInput['violations']>;
  costs: NonNullable<AuditInputsInput['costs']>;
  /** Repository scanned for requirement ids. */
  repoRoot: string;
  /** The deploy backend that ran (`process` adds its limitation). */
  backend: string;
  /** Ids of the two check records this writes. */
  ids: { scores: string; report: string };
}

/** Number of numbered sections SUPER_TEAM_AUDIT_REPORT.md carries (seed 001 section 6.3). */
export const AUDIT_SECTIONS = 7;

/** The known limitations stated in the gap analysis, from the backend that ran. */
function limitationsOf(backend: string): string[] {
  return [
    ...(backend === 'process' ? ['Deployed with the process backend: no container DNS, container health status or image build was exercised in this run (B1-20 is WARN, not PASS).'] : []),
    'Images that cannot be had offline (traefik, postgres, redis) are generated and schema-validated, but deployed only where present locally.',
  ];
}

/**
 * Score every system from the check records (seed 001 section 6), write
 * SUPER_TEAM_AUDIT_REPORT.md, its HTML and audit_report.json, and judge
 * both: the scores check FAILs when no aggregate could be computed, the
 * report check when the markdown lacks one of its seven sections.
 *
 * @example
 * const { scores, written, checks } = await scoreAndReport({ outputDir, runId, checks, systems, toolResults: {}, fixLoop: null, stopReason: '', violations: [], costs: [], repoRoot, backend: 'process', ids: { scores: 'audit.scores', report: 'audit.report' } });
 */
export async function scoreAndReport(i: ScoreAndReportInput): Promise<{ scores: ScoreReport; written: Awaited<ReturnType<typeof writeAuditReport>>; checks: CheckRecord[] }> {
  const tools = Object.entries(i.toolResults).map(([tool, r]) => ({ tool, ...r }));
  const mcpTools: McpToolOutcome[] = tools.map((t) => ({ server: t.server, tool: t.tool, ok: t.valid === 'PASS', ...(t.invalid ? { errorOk: t.invalid === 'PASS' } : {}) }));
  const fix = i.fixLoop;
  const open = (p: string) => (fix?.findings ?? []).filter((f) => f.priority === p && f.resolution !== 'FIXED').length;
  const integration = { ...(mcpTools.length ? { mcpTools } : {}) };
  const fixLoop = fix && (fix.totalPasses > 0 || fix.findings.length > 0) ? { p0Remaining: open('P0'), p1Remaining: open('P1'), convergence: fix.convergenceScore } : undefined;
  const scores = computeScores({ checks: i.checks, systems: i.systems, integration, ...(fixLoop ? { fixLoop } : {}) });
  const written = await writeAuditReport(i.outputDir, {
    runId: i.runId,
    checks: i.checks,
    systems: i.systems,
    integration,
    toolLatency: Object.fromEntries(
      [...new Set(tools.map((t) => t.server))].map((server) => [server, Object.fromEntries(tools.filter((t) => t.server === server && t.latency_ms).map((t) => [t.tool, t.latency_ms!]))]),
    ),
    findings: fix?.findings ?? [],
    fixPasses: fix?.passes ?? [],
    convergence: fix && fix.totalPasses > 0 ? fix.convergenceScore : null,
    stopReason: i.stopReason,
    violations: i.violations,
    costs: i.costs,
    repoRoot: i.repoRoot,
    backend: i.backend,
    limitations: limitationsOf(i.backend),
  });
  const md = readFileSync(written.markdownPath, 'utf8');
  const sections = (md.match(/^## \d\. /gm) ?? []).length;
  const s = scores.systems;
  const checks: CheckRecord[] = [
    check(i.ids.scores, 'per-system, integration and aggregate scores computed from check records', scores.aggregate.score === null ? 'FAIL' : 'PASS', `build1 ${s.build1.score ?? 'UNTESTED'}, build2 ${s.build2.score ?? 'UNTESTED'}, build3 ${s.build3.score ?? 'UNTESTED'}; integration ${scores.integration.score ?? 'UNTESTED'}; aggregate ${scores.aggregate.score ?? 'UNTESTED'} (${scores.aggregate.light})`, ['R4-M6-001', 'R4-M6-002', 'R4-M6-003']),
    check(i.ids.report, 'SUPER_TEAM_AUDIT_REPORT.md has its seven sections', sections === AUDIT_SECTIONS ? 'PASS' : 'FAIL', `${sections} numbered sections in ${path.basename(written.markdownPath)}; verdict ${written.verdict}`, ['R4-M6-004', 'R4-M6-005', 'R4-M6-006', 'R4-M6-007', 'R4-M6-009']),
  ];
  return { scores, written, checks };
}
