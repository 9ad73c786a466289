import { CheckRecordSchema, summarizeChecks } from '@run4/checks';
import { computeScores, DarkCornerResultSchema, FlowResultSchema, ScoreReportSchema } from '@run4/scoring';
import { z } from 'zod';
import { costTable, CostTableSchema } from './cost.js';
import { AuditInputError } from './errors.js';
import { AuditFindingSchema, AuditFixPassSchema, AuditInputsSchema, AuditViolationSchema, type AuditInputsInput } from './inputs.js';
import { interfaceCoverage, InterfaceCoverageSchema } from './interface-coverage.js';
import { scanRepoForRequirementIds } from './repo-scan.js';
import { latencyFromChecks, toolResultsFromChecks } from './tools-from-checks.js';
import { buildRtm, rtmSummary, RtmRowSchema } from './rtm.js';
import { plantedFromChecks, PlantedSectionSchema } from './planted.js';

/** audit_report.json: everything SUPER_TEAM_AUDIT_REPORT.md shows, for machines. */
export const AuditReportSchema = z.object({
  schema_version: z.literal(1),
  run_id: z.string(),
  generated_at: z.string(),
  /** The aggregate's traffic light; UNTESTED when nothing could be scored. */
  verdict: z.enum(['GREEN', 'YELLOW', 'RED', 'UNTESTED']),
  backend: z.string(),
  scores: ScoreReportSchema,
  checks: z.object({ total: z.number(), passed: z.number(), failed: z.number(), warned: z.number(), skipped: z.number() }),
  rtm: z.array(RtmRowSchema),
  rtm_summary: z.object({ total: z.number(), pass: z.number(), warn: z.number(), fail: z.number(), untested: z.number(), withFiles: z.number() }),
  interface_coverage: InterfaceCoverageSchema,
  data_flows: z.array(FlowResultSchema),
  dark_corners: z.array(DarkCornerResultSchema),
  fix_passes: z.array(AuditFixPassSchema),
  /** The violations Run 4 planted itself in a copy of a built service (R4-M4-008), apart from the findings; null when none were planted. */
  planted: PlantedSectionSchema.nullable(),
  convergence: z.number().nullable(),
  stop_reason: z.string(),
  findings: z.array(AuditFindingSchema),
  defect_totals: z.object({
    total: z.number(),
    byPriority: z.record(z.string(), z.number()),
    fixed: z.number(),
    open: z.number(),
    wontfix: z.number(),
    /** Open findings per owner system (Build 1, Build 2, Build 3, Integration). */
    openBySystem: z.record(z.string(), z.number()),
    /** Open findings no builder could be given (route `owner`): they wait for their owner system. */
    openWithOwner: z.number(),
  }),
  violations: z.array(AuditViolationSchema),
  cost: CostTableSchema,
  limitations: z.array(z.string()),
  check_records: z.array(CheckRecordSchema),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;

/**
 * Build the audit model from the inputs: scores (via @run4/scoring), RTM,
 * interface coverage, data flows, dark corners, fix-pass history, defect
 * totals and the cost table. Throws {@link AuditInputError} on bad input.
 *
 * @example
 * const report = await buildAuditReport({ checks, tools, findings, fixPasses, costs, repoRoot: '.' });
 * report.verdict; // 'YELLOW'
 */
export async function buildAuditReport(inputs: AuditInputsInput): Promise<AuditReport> {
  const parsed = AuditInputsSchema.safeParse(inputs);
  if (!parsed.success) throw new AuditInputError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  const a = parsed.data;

  const latency = latencyFromChecks(a.checks, a.toolLatency);
  const tools = a.tools.length
    ? a.tools.map((t) => {
        const lat = t.latencyMs ?? latency[t.server]?.[t.tool];
        return lat ? { ...t, latencyMs: lat } : t;
      })
    : toolResultsFromChecks(a.checks, latency);
  const mcpTools = a.integration.mcpTools ?? (tools.length ? tools.map((t) => ({ server: t.server, tool: t.tool, ok: t.validTested && t.validOk && t.parseable, ...(t.errorTested ? { errorOk: t.errorOk } : {}) })) : undefined);
  const open = a.findings.filter((f) => f.resolution === '' || f.resolution === 'OPEN');
  const scores = computeScores({
    checks: a.checks,
    systems: a.systems,
    integration: { ...a.integration, ...(mcpTools ? { mcpTools } : {}) },
    ...(a.fixPasses.length > 0 || a.findings.length > 0
      ? {
          fixLoop: {
            p0Remaining: open.filter((f) => f.priority === 'P0').length,
            p1Remaining: open.filter((f) => f.priority === 'P1').length,
            convergence: a.convergence,
          },
        }
      : {}),
  });

  const scanned = a.repoRoot ? await scanRepoForRequirementIds(a.repoRoot) : new Map<string, string[]>();
  const rtm = buildRtm(a.checks, a.implementationMap, scanned);
  const summary = summarizeChecks(a.checks);
  const byPriority: Record<string, number> = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const f of a.findings) byPriority[f.priority] = (byPriority[f.priority] ?? 0) + 1;
  const openBySystem: Record<string, number> = {};
  for (const f of open) openBySystem[f.system] = (openBySystem[f.system] ?? 0) + 1;

  const limitations = [...a.limitations];
  if (scores.aggregate.capReason) limitations.push(scores.aggregate.capReason);
  for (const d of scores.darkCorners) if (d.status === 'UNTESTED') limitations.push(`Dark corner ${d.id} (${d.title}) is UNTESTED.`);
  for (const s of Object.values(scores.systems)) {
    for (const c of s.categories) if (c.status === 'UNTESTED') limitations.push(`${s.label} ${c.name} is UNTESTED: ${c.evidence}.`);
  }

  return {
    schema_version: 1,
    run_id: a.runId,
    generated_at: a.generatedAt ?? new Date().toISOString(),
    verdict: scores.aggregate.light,
    backend: a.backend,
    scores,
    checks: { total: summary.total, passed: summary.passed, failed: summary.failed, warned: summary.warned, skipped: summary.skipped },
    rtm,
    rtm_summary: rtmSummary(rtm),
    interface_coverage: interfaceCoverage(tools),
    data_flows: scores.integration.flows,
    dark_corners: scores.darkCorners,
    fix_passes: a.fixPasses,
    planted: plantedFromChecks(a.checks),
    convergence: a.convergence,
    stop_reason: a.stopReason,
    findings: a.findings,
    defect_totals: {
      total: a.findings.length,
      byPriority,
      fixed: a.findings.filter((f) => f.resolution === 'FIXED').length,
      open: open.length,
      wontfix: a.findings.filter((f) => f.resolution === 'WONTFIX').length,
      openBySystem,
      openWithOwner: open.filter((f) => f.route === 'owner').length,
    },
    violations: a.violations,
    cost: costTable(a.costs),
    limitations,
    check_records: a.checks,
  };
}
