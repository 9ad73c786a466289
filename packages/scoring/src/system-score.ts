import { REQUIREMENTS, type CheckRecord } from '@run4/checks';
import { z } from 'zod';
import { checkCategory, linearCategory, totalOf, untested, CategoryScoreSchema, type CategoryScore } from './category.js';
import { countChecks, tagStatus, type CheckCounts } from './check-stats.js';
import type { SystemReport } from './inputs.js';
import { trafficLight, TrafficLightSchema } from './traffic-light.js';

export const SYSTEM_IDS = ['build1', 'build2', 'build3'] as const;
export type SystemId = (typeof SYSTEM_IDS)[number];

/**
 * Which check records give evidence for each system's rubric categories:
 * the requirement-id prefix of its test matrix (seed 001 section 4), the ids
 * whose checks are schema/contract validations, and the ids whose checks are
 * health checks.
 */
export const SYSTEM_EVIDENCE: Record<SystemId, { label: string; prefix: string; contractIds: readonly string[]; healthIds: readonly string[] }> = {
  build1: { label: 'Build 1', prefix: 'B1-', contractIds: ['B1-04', 'R4-M2-002'], healthIds: ['B1-02', 'R4-M4-001'] },
  build2: { label: 'Build 2', prefix: 'B2-', contractIds: ['B2-04', 'X-05', 'R4-M3-002'], healthIds: ['SC-03'] },
  build3: { label: 'Build 3', prefix: 'B3-', contractIds: ['B3-06', 'X-08'], healthIds: ['SC-02', 'B3-02'] },
};

/** Rubric weights of seed 001 section 6.1. */
export const SYSTEM_WEIGHTS = { functional: 30, tests: 20, contract: 20, quality: 15, docker: 10, docs: 5 } as const;

export const SystemScoreSchema = z.object({
  system: z.enum(SYSTEM_IDS),
  label: z.string(),
  /** Sum of the category points out of 100; null when every category is UNTESTED. */
  score: z.number().nullable(),
  light: TrafficLightSchema,
  categories: z.array(CategoryScoreSchema),
  /** Requirements of the system's matrix: only PASS is passed; WARN (verified with a caveat) and UNTESTED are not. */
  requirements: z.object({ total: z.number(), passed: z.number(), warned: z.array(z.string()), failed: z.number(), untested: z.array(z.string()) }),
});
export type SystemScore = z.infer<typeof SystemScoreSchema>;

/**
 * Score one system by seed 001 section 6.1:
 * `req_pass_rate*30 + test_pass_rate*20 + contract_pass_rate*20 +
 * max(0, 15 − violation_density*1.5) + health_check_rate*10 +
 * artifacts_present/artifacts_required*5`. The requirement pass rate counts
 * every requirement of the system's matrix (an untested one is not passed);
 * a requirement or check that only WARNed is not passed either. A category
 * with no evidence at all is UNTESTED and earns 0 — in particular code
 * quality earns nothing when no scan ran.
 *
 * @example
 * scoreSystem('build1', checks, { violations: { count: 2, loc: 4000 } }).score;
 */
export function scoreSystem(system: SystemId, checks: readonly CheckRecord[], report: SystemReport = {}): SystemScore {
  const ev = SYSTEM_EVIDENCE[system];
  const reqIds = REQUIREMENTS.filter((r) => r.id.startsWith(ev.prefix)).map((r) => r.id);
  const statuses = reqIds.map((id) => ({ id, status: tagStatus(checks, [id]).status }));
  const passedReqs = statuses.filter((s) => s.status === 'PASS').length;
  const failedReqs = statuses.filter((s) => s.status === 'FAIL').length;
  const warnedReqs = statuses.filter((s) => s.status === 'WARN').map((s) => s.id);
  const untestedReqs = statuses.filter((s) => s.status === 'UNTESTED').map((s) => s.id);

  const functional: CategoryScore =
    untestedReqs.length === reqIds.length
      ? untested('Functional Completeness', SYSTEM_WEIGHTS.functional, `none of the ${reqIds.length} ${ev.prefix}* requirements was tested`)
      : {
          ...linearCategory('Functional Completeness', SYSTEM_WEIGHTS.functional, passedReqs, reqIds.length, `${ev.prefix}* requirements`),
          evidence: `${passedReqs}/${reqIds.length} ${ev.prefix}* requirements passed (${failedReqs} FAIL, ${warnedReqs.length} WARN only${warnedReqs.length ? ` [${warnedReqs.join(', ')}]` : ''}, ${untestedReqs.length} untested: not counted as passed)`,
        };

  const tests = countChecks(checks, (c) => c.requirementIds.some((id) => id.startsWith(ev.prefix)));
  const contractChecks = countChecks(checks, (c) => c.requirementIds.some((id) => ev.contractIds.includes(id)));
  const healthChecks = countChecks(checks, (c) => c.requirementIds.some((id) => ev.healthIds.includes(id)));
  // A report's pass count adds its passes and its failures (reports carry no WARN or SKIP).
  const add = (a: CheckCounts, b?: { passed: number; total: number }): CheckCounts =>
    b ? { ...a, passed: a.passed + b.passed, failed: a.failed + b.total - b.passed, ran: a.ran + b.total, total: a.total + b.total } : a;
  const contract = add(contractChecks, report.contract);
  const health = add(healthChecks, report.health);

  let quality: CategoryScore;
  if (!report.violations) quality = untested('Code Quality', SYSTEM_WEIGHTS.quality, 'no quality scan of this system was reported');
  else {
    const density = report.violations.count / (report.violations.loc / 1000);
    quality = {
      name: 'Code Quality',
      weight: SYSTEM_WEIGHTS.quality,
      status: 'SCORED',
      metric: density,
      points: Math.max(0, SYSTEM_WEIGHTS.quality - density * 1.5),
      evidence: `${report.violations.count} violations in ${report.violations.loc} LOC = ${density.toFixed(2)}/KLOC`,
    };
  }

  let docs: CategoryScore;
  const required = report.artifacts?.required ?? [];
  if (required.length === 0) docs = untested('Documentation', SYSTEM_WEIGHTS.docs, 'no required artifacts were listed');
  else {
    const present = required.filter((r) => report.artifacts?.present.includes(r));
    const missing = required.filter((r) => !present.includes(r));
    docs = {
      ...linearCategory('Documentation', SYSTEM_WEIGHTS.docs, present.length, required.length, 'artifacts'),
      evidence: `${present.length}/${required.length} required artifacts present${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
    };
  }

  const categories = [
    functional,
    checkCategory('Test Health', SYSTEM_WEIGHTS.tests, tests, `${ev.prefix}* checks`),
    checkCategory('Contract Compliance', SYSTEM_WEIGHTS.contract, contract, 'schema/contract validations'),
    quality,
    checkCategory('Docker Health', SYSTEM_WEIGHTS.docker, health, 'health checks'),
    docs,
  ];
  const score = totalOf(categories);
  return {
    system,
    label: ev.label,
    score,
    light: trafficLight(score),
    categories,
    requirements: { total: reqIds.length, passed: passedReqs, warned: warnedReqs, failed: failedReqs, untested: untestedReqs },
  };
}
