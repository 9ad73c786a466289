import { z } from 'zod';

export const ThresholdLevelSchema = z.enum(['STRETCH', 'TARGET', 'MINIMUM', 'BELOW_MINIMUM', 'UNTESTED']);
export type ThresholdLevel = z.infer<typeof ThresholdLevelSchema>;

export const ThresholdRowSchema = z.object({
  criterion: z.string(),
  value: z.number().nullable(),
  minimum: z.number(),
  target: z.number(),
  stretch: z.number(),
  /** True when lower is better (P0/P1 remaining). */
  lowerIsBetter: z.boolean(),
  level: ThresholdLevelSchema,
  display: z.object({ minimum: z.string(), target: z.string(), stretch: z.string() }),
  /** What the value was measured on, including what was not counted as passed (WARN, SKIP, UNTESTED). */
  basis: z.string(),
});
export type ThresholdRow = z.infer<typeof ThresholdRowSchema>;

/** The rows of seed 001 section 6.5 (rates as fractions). */
export const GOOD_ENOUGH = [
  { key: 'perSystem', criterion: 'Per-system score', minimum: 60, target: 80, stretch: 90, lowerIsBetter: false, display: ['60 (YELLOW)', '80 (GREEN)', '90'] },
  { key: 'integration', criterion: 'Integration score', minimum: 50, target: 75, stretch: 90, lowerIsBetter: false, display: ['50', '75', '90'] },
  { key: 'aggregate', criterion: 'Aggregate score', minimum: 65, target: 80, stretch: 90, lowerIsBetter: false, display: ['65', '80', '90'] },
  { key: 'p0', criterion: 'P0 remaining', minimum: 0, target: 0, stretch: 0, lowerIsBetter: true, display: ['0 (hard)', '0', '0'] },
  { key: 'p1', criterion: 'P1 remaining', minimum: 3, target: 0, stretch: 0, lowerIsBetter: true, display: ['<= 3', '0', '0'] },
  { key: 'testPassRate', criterion: 'Test pass rate', minimum: 0.85, target: 0.95, stretch: 1, lowerIsBetter: false, display: ['>= 85%', '>= 95%', '100%'] },
  { key: 'mcpCoverage', criterion: 'MCP tool coverage', minimum: 0.9, target: 1, stretch: 1, lowerIsBetter: false, display: ['>= 90%', '100%', '100% + errors'] },
  { key: 'convergence', criterion: 'Fix convergence', minimum: 0.7, target: 0.85, stretch: 0.95, lowerIsBetter: false, display: ['>= 0.70', '>= 0.85', '>= 0.95'] },
] as const;

export type ThresholdKey = (typeof GOOD_ENOUGH)[number]['key'];

/** Values the thresholds table reads; null = not measured (UNTESTED). `mcpErrorsAllOk` gates the MCP stretch level ("100% + errors"). */
export interface ThresholdValues {
  perSystem: Record<string, number | null>;
  integration: number | null;
  aggregate: number | null;
  p0: number | null;
  p1: number | null;
  testPassRate: number | null;
  mcpCoverage: number | null;
  mcpErrorsAllOk: boolean;
  convergence: number | null;
  /** What each value was measured on (per system for `perSystem`); a row without one says "not measured" when its value is null. */
  basis?: Partial<Record<Exclude<ThresholdKey, 'perSystem'>, string>> & { perSystem?: Record<string, string> };
}

function levelOf(row: (typeof GOOD_ENOUGH)[number], value: number | null, stretchAllowed = true): ThresholdLevel {
  if (value === null) return 'UNTESTED';
  const meets = (bound: number) => (row.lowerIsBetter ? value <= bound : value >= bound);
  if (meets(row.stretch) && stretchAllowed) return 'STRETCH';
  if (meets(row.target)) return 'TARGET';
  if (meets(row.minimum)) return 'MINIMUM';
  return 'BELOW_MINIMUM';
}

/**
 * Rate every criterion of the "good enough" table (seed 001 section 6.5):
 * the best level reached (STRETCH, TARGET, MINIMUM), BELOW_MINIMUM, or
 * UNTESTED when the value was not measured. One per-system row per system.
 * Each row carries its `basis`: what exactly was verified to give the value.
 *
 * @example
 * evaluateThresholds(values).find((r) => r.criterion === 'Aggregate score')?.level; // 'TARGET'
 */
export function evaluateThresholds(values: ThresholdValues): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  const basisOf = (given: string | undefined, value: number | null) => given ?? (value === null ? 'not measured' : '');
  for (const row of GOOD_ENOUGH) {
    const base = {
      minimum: row.minimum,
      target: row.target,
      stretch: row.stretch,
      lowerIsBetter: row.lowerIsBetter,
      display: { minimum: row.display[0], target: row.display[1], stretch: row.display[2] },
    };
    if (row.key === 'perSystem') {
      for (const [system, value] of Object.entries(values.perSystem)) {
        rows.push({ criterion: `${row.criterion} (${system})`, value, level: levelOf(row, value), ...base, basis: basisOf(values.basis?.perSystem?.[system], value) });
      }
      continue;
    }
    const value = values[row.key];
    rows.push({ criterion: row.criterion, value, level: levelOf(row, value, row.key !== 'mcpCoverage' || values.mcpErrorsAllOk), ...base, basis: basisOf(values.basis?.[row.key], value) });
  }
  return rows;
}
