import { z } from 'zod';
import { AggregateScoreSchema, aggregateScore } from './aggregate.js';
import { countChecks, describeCounts, passRate } from './check-stats.js';
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
  /** PASS / every check (WARN and SKIP are not passed); null when none ran. */
  testPassRate: z.number().nullable(),
  checksRan: z.number().int(),
  /** The counts behind `testPassRate`. */
  testCounts: z.object({ passed: z.number().int(), warned: z.number().int(), failed: z.number().int(), skipped: z.number().int(), total: z.number().int() }),
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
  const counts = countChecks(checks);
  const testPassRate = passRate(counts);
  const tools = integration.mcpTools ?? [];
  const toolsOk = tools.filter((t) => t.ok).length;
  const errorsOk = tools.filter((t) => t.errorOk === true).length;
  const systemBasis = (s: ReturnType<typeof scoreSystem>) => {
    const unscored = s.categories.filter((c) => c.status === 'UNTESTED').map((c) => c.name);
    const r = s.requirements;
    return `${s.categories.length - unscored.length}/${s.categories.length} categories scored${unscored.length ? ` (UNTESTED, 0 points: ${unscored.join(', ')})` : ''}; requirements ${r.passed} PASS, ${r.warned.length} WARN, ${r.failed} FAIL, ${r.untested.length} UNTESTED of ${r.total}`;
  };
  const unscoredInteg = integ.categories.filter((c) => c.status === 'UNTESTED').map((c) => c.name);

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
    basis: {
      perSystem: { build1: systemBasis(build1), build2: systemBasis(build2), build3: systemBasis(build3) },
      integration: `${integ.categories.length - unscoredInteg.length}/${integ.categories.length} categories scored${unscoredInteg.length ? ` (UNTESTED, 0 points: ${unscoredInteg.join(', ')})` : ''}; data flows ${integ.flows.map((f) => `${f.id} ${f.status}`).join(', ')}`,
      aggregate: [
        aggregate.capReason ? `${aggregate.capReason}${aggregate.capped ? ` (uncapped ${aggregate.uncapped})` : ''}` : 'every required dark corner PASSed',
        aggregate.untested.length ? `UNTESTED components counted as 0: ${aggregate.untested.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      ...(fixLoop ? { p0: `open P0 findings in the defect catalog`, p1: `open P1 findings in the defect catalog` } : {}),
      testPassRate: describeCounts(counts, 'checks'),
      ...(tools.length ? { mcpCoverage: `${toolsOk}/${tools.length} tools answered a valid request correctly; error path verified on ${errorsOk}` } : {}),
      ...(fixLoop && fixLoop.convergence !== null ? { convergence: 'convergence after the last fix pass' } : {}),
    },
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
    checksRan: counts.ran,
    testCounts: { passed: counts.passed, warned: counts.warned, failed: counts.failed, skipped: counts.skipped, total: counts.total },
    coverage: checkCoverage(checks),
    perSystemScores,
  };
}
