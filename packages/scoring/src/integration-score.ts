import { requirementsWithPrefix, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { CategoryScoreSchema, linearCategory, totalOf, untested, type CategoryScore } from './category.js';
import { countChecks, tagStatus } from './check-stats.js';
import { evaluateDataFlows, FlowResultSchema } from './data-flows.js';
import type { ScoringInputs } from './inputs.js';
import { trafficLight, TrafficLightSchema } from './traffic-light.js';

/** The seven M4 phase requirements (R4-M4-001..007); R4-M4-008 is planted-violation detection, not a phase. */
export const PIPELINE_PHASE_IDS = requirementsWithPrefix('R4-M4-')
  .map((r) => r.id)
  .filter((id) => id !== 'R4-M4-008');

export const IntegrationScoreSchema = z.object({
  score: z.number().nullable(),
  light: TrafficLightSchema,
  categories: z.array(CategoryScoreSchema),
  flows: z.array(FlowResultSchema),
});
export type IntegrationScore = z.infer<typeof IntegrationScoreSchema>;

/**
 * Integration score of seed 001 section 6.2:
 * `mcp_tools_ok/mcp_tools_total*25 + flows_passing/flows_total*25 +
 * max(0, 25 − cross_build_violations*2.5) + phases_complete/phases_total*25`.
 * Flows total is the five flows DF-1..DF-5 (an untested or WARN-only flow
 * is not passing); cross-build violations are the FAIL X-* checks plus those
 * the reports count, and every WARN or SKIP X-* check costs the same as a
 * violation (its contract was not verified, so it earns nothing); UNTESTED
 * when no X-* check ran and no report counted any. Phases come from the
 * pipeline report or, without one, from the R4-M4-001..007 checks (PASS only).
 *
 * @example
 * scoreIntegration(checks, { mcpTools: probeTools }).score;
 */
export function scoreIntegration(checks: readonly CheckRecord[], integration: ScoringInputs['integration'] = {}): IntegrationScore {
  const tools = integration.mcpTools ?? [];
  const mcp = linearCategory('MCP Connectivity', 25, tools.filter((t) => t.ok).length, tools.length, 'MCP tools');

  const flows = evaluateDataFlows(checks);
  const flowCat: CategoryScore = flows.some((f) => f.tested)
    ? {
        ...linearCategory('Data Flow Integrity', 25, flows.filter((f) => f.status === 'PASS').length, flows.length, 'data flows'),
        evidence: `${flows.map((f) => `${f.id} ${f.status}`).join(', ')}; only PASS counts as passing`,
      }
    : untested('Data Flow Integrity', 25, 'no check carries DF-1..DF-5');

  const xChecks = countChecks(checks, (c) => c.requirementIds.some((id) => id.startsWith('X-')));
  let fidelity: CategoryScore;
  if (xChecks.ran === 0 && integration.crossBuildViolations === undefined) {
    fidelity = untested('Contract Fidelity', 25, 'no cross-build (X-*) check ran and no report counted cross-build violations');
  } else {
    const violations = xChecks.failed + (integration.crossBuildViolations ?? 0);
    const unverified = xChecks.warned + xChecks.skipped;
    fidelity = {
      name: 'Contract Fidelity',
      weight: 25,
      status: 'SCORED',
      metric: violations,
      points: Math.max(0, 25 - (violations + unverified) * 2.5),
      evidence:
        `${violations} cross-build violation(s): ${xChecks.failed} failed X-* check(s) of ${xChecks.total}, ${integration.crossBuildViolations ?? 0} from reports` +
        (unverified ? `; ${unverified} X-* check(s) not verified (${xChecks.warned} WARN, ${xChecks.skipped} SKIP) cost 2.5 each, not counted as passed` : ''),
    };
  }

  let phases: CategoryScore;
  if (integration.phases && integration.phases.length > 0) {
    const done = integration.phases.filter((p) => p.status === 'complete').length;
    phases = {
      ...linearCategory('Pipeline Completion', 25, done, integration.phases.length, 'pipeline phases'),
      evidence: `${done}/${integration.phases.length} phases complete (${integration.phases.map((p) => `${p.name} ${p.status}`).join(', ')})`,
    };
  } else {
    const statuses = PIPELINE_PHASE_IDS.map((id) => ({ id, status: tagStatus(checks, [id]).status }));
    const done = statuses.filter((s) => s.status === 'PASS').length;
    phases = statuses.every((s) => s.status === 'UNTESTED')
      ? untested('Pipeline Completion', 25, 'no pipeline report and no R4-M4-001..007 check ran')
      : {
          ...linearCategory('Pipeline Completion', 25, done, statuses.length, 'pipeline phases'),
          evidence: `${done}/${statuses.length} phases complete (${statuses.map((s) => `${s.id} ${s.status}`).join(', ')})`,
        };
  }

  const categories = [mcp, flowCat, fidelity, phases];
  const score = totalOf(categories);
  return { score, light: trafficLight(score), categories, flows };
}
