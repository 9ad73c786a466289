import path from 'node:path';
import type { CheckRecord } from '@run4/checks';
import { fixPlantedCopy, type FixLoopEvent } from '@run4/fix-loop';
import type { PhaseContext } from '../m4/live.js';
import { gateCopy, readPlantedRun, type CopyAuth } from '../m4/planted-copy.js';
import { RESCAN } from './scan.js';

/**
 * The fix loop on the copy M4 planted the seed's violations in, apart from
 * the real services' loop (@run4/fix-loop's `fixPlantedCopy`): the stack's
 * builder (`build2.command`) in quick mode on the copy, the copy re-gated on
 * its own by M4's `gateCopy` with the credentials `auth` gets. Snapshots and
 * per-pass reports go to `m5/planted/`.
 *
 * @example
 * const { checks } = await fixPlanted(ctx, score, (e) => progress.info(describeFixLoopEvent(e)), () => authHeadersFor(ctx, urls));
 */
export function fixPlanted(ctx: PhaseContext, score: (checks: readonly CheckRecord[]) => number | null, onProgress: (event: FixLoopEvent) => void, auth: CopyAuth): Promise<{ checks: CheckRecord[]; cost: number }> {
  const { config } = ctx;
  return fixPlantedCopy({
    copy: readPlantedRun(ctx.outputDir),
    noCopy: 'M4 made no planted copy (m4/planted/planted.json absent or unreadable)',
    workDir: path.join(ctx.outputDir, 'm5', 'planted'),
    gate: (copy, reportDir, pass) => gateCopy(ctx, copy, reportDir, pass, auth),
    score,
    rescan: RESCAN,
    builder: { command: config.builder_command, timeoutMs: config.builder_timeout_s * 1000, signal: ctx.signal },
    maxFixPasses: config.max_fix_passes,
    budgetLimit: config.budget_limit,
    effectivenessFloor: config.fix_effectiveness_floor,
    regressionRateCeiling: config.regression_rate_ceiling,
    onProgress,
  });
}
