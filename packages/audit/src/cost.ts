import { z } from 'zod';
import type { MilestoneCost } from './inputs.js';

export const MILESTONE_NAMES: Record<MilestoneCost['milestone'], string> = {
  M1: 'Infrastructure',
  M2: 'B1->B2 Wiring',
  M3: 'B2->B3 Wiring',
  M4: 'E2E Pipeline',
  M5: 'Fix Passes',
  M6: 'Audit',
};

export const CostTableSchema = z.object({
  rows: z.array(z.object({ milestone: z.string(), name: z.string(), cost: z.number().nullable(), durationMs: z.number().nullable() })),
  totalCost: z.number(),
  totalDurationMs: z.number(),
  unrecorded: z.array(z.string()),
});
export type CostTable = z.infer<typeof CostTableSchema>;

/** `1h 02m`, `3m 07s`, `12.3s`, or `not recorded`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return 'not recorded';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s % 60).padStart(2, '0')}s`;
}

/**
 * The cost and duration table of R4-M6-009: one row per milestone M1..M6
 * (a milestone the caller gave nothing for is "not recorded"), and totals
 * over what was recorded.
 *
 * @example
 * costTable([{ milestone: 'M4', cost: 0, durationMs: 41_000 }]).totalDurationMs; // 41000
 */
export function costTable(costs: readonly MilestoneCost[]): CostTable {
  const rows = (Object.keys(MILESTONE_NAMES) as MilestoneCost['milestone'][]).map((milestone) => {
    const entry = costs.find((c) => c.milestone === milestone);
    return { milestone, name: MILESTONE_NAMES[milestone], cost: entry?.cost ?? null, durationMs: entry?.durationMs ?? null };
  });
  return {
    rows,
    totalCost: rows.reduce((sum, r) => sum + (r.cost ?? 0), 0),
    totalDurationMs: rows.reduce((sum, r) => sum + (r.durationMs ?? 0), 0),
    unrecorded: rows.filter((r) => r.cost === null && r.durationMs === null).map((r) => r.milestone),
  };
}
