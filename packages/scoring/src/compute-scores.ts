import { z } from 'zod';
import { AggregateScoreSchema, aggregateScore } from './aggregate.js';
import { ranCount } from './check-stats.js';
import { checkCoverage, CoverageSchema } from './coverage.js';
import { DarkCornerResultSchema, evaluateDarkCorners } from './dark-corners.js';
import { ScoringInputError } from './errors.js';
import { ScoringInputsSchema, type ScoringInputsInput } from './inputs.js';
import { IntegrationScoreSchema, scoreIntegration } from './integration-score.js';
import { SYSTEM_IDS, SystemScoreSchema, scoreSystem } from './system-score.js';
import { evaluateThresholds, ThresholdRowSchema } from './thresholds.js';

/** Everything `computeScores` returns; it is also the `scores` block of audit_report.json. */
export const ScoreReportSchema = z.object({
  systems: z.object({ build1: SystemScoreSchema, build2: SystemScoreSchema, build3: SystemScoreSchema }),
  integration: IntegrationScoreSchema,
  aggregate: AggregateScoreSchema,
  darkCorners: z.array(DarkCornerResultSchema),
  thresholds: z.array(ThresholdRowSchema),
  /** (PASS + WARN) / checks that ran; null when none ran. */
  testPassRate: z.number().nullable(),
  checksRan: z.number().int(),
  /** Verification-matrix coverage (seed 002 section 7.5). */
  coverage: CoverageSchema,
  /** `per_system_scores` of RUN4_STATE.json (UNTESTED systems left out). */
  perSystemScores: z.record(z.string(), z.number()),
});
export type ScoreReport = z.infer<typeof ScoreReportSchema>;

/**
 * Compute every score of seed 001 section 6 from check records and reports:
 * per-system (6.1), integration (6.2), aggregate (6.3) with the dark-corner
 * cap, traffic lights (6.4) and the "good enough" table (6.5). Nothing is
 * read from a table of results: no evidence gives UNTESTED, never points.
 *
 * @example
 * const scores = computeScores({ checks, systems: { build2: { violations: { count: 3, loc: 1200 } } } });
 * scores.aggregate.score; scores.aggregate.light; // 71.4 'YELLOW'
 */
export function computeScores(inputs: ScoringInputsInput): ScoreReport {
  const parsed = ScoringInputsSchema.safeParse(inputs);
  if (!parsed.success) throw new ScoringInputError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  const { checks, systems, integration, fixLoop } = parsed.data;

  const [build1, build2, build3] = SYSTEM_IDS.map((id) => scoreSystem(id, checks, systems[id])) as [
    ReturnType<typeof scoreSystem>,
    ReturnType<typeof scoreSystem>,
    ReturnType<typeof scoreSystem>,
  ];
  const integ = scoreIntegration(checks, integration);
  const darkCorners = evaluateDarkCorners(checks);
  const aggregate = aggregateScore({ build1: build1.score, build2: build2.score, build3: build3.score, integration: integ.score }, darkCorners);
  const ran = ranCount(checks);
  const testPassRate = ran.total === 0 ? null : ran.passed / ran.total;
  const tools = integration.mcpTools ?? [];

  const thresholds = evaluateThresholds({
    perSystem: { build1: build1.score, build2: build2.score, build3: build3.score },
    integration: integ.score,
    aggregate: aggregate.score,
    p0: fixLoop ? fixLoop.p0Remaining : null,
    p1: fixLoop ? fixLoop.p1Remaining : null,
    testPassRate,
    mcpCoverage: tools.length ? tools.filter((t) => t.ok).length / tools.length : null,
    mcpErrorsAllOk: tools.length > 0 && tools.every((t) => t.errorOk === true),
    convergence: fixLoop ? fixLoop.convergence : null,
  });

  const perSystemScores: Record<string, number> = {};
  for (const s of [build1, build2, build3]) if (s.score !== null) perSystemScores[s.system] = s.score;

  return {
    systems: { build1, build2, build3 },
    integration: integ,
    aggregate,
    darkCorners,
    thresholds,
    testPassRate,
    checksRan: ran.total,
    coverage: checkCoverage(checks),
    perSystemScores,
  };
}
