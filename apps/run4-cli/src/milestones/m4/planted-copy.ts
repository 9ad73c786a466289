import path from 'node:path';
import type { CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { gateCopy as gatePlantedCopy, plantAndGateCopy, readPlantedCopyRecord, type CopyAuth, type CopyGate, type CopyGateOptions, type PlantedCopyRecord } from '@run4/quality-gate';
import { deploySettings } from './deploy-options.js';
import type { PhaseContext } from './live.js';

export type { CopyAuth };

/** Where M4 keeps the planted copy: `<output>/m4/planted` (the copy under `services/`, apart from every real builder output). */
export function plantedRoot(outputDir: string): string {
  return path.join(outputDir, 'm4', 'planted');
}

/** The M4 record of the planted copy, or null when M4 made none. */
export function readPlantedRun(outputDir: string): PlantedCopyRecord | null {
  return readPlantedCopyRecord(plantedRoot(outputDir));
}

function copyOptions(ctx: PhaseContext, auth: CopyAuth): CopyGateOptions {
  return {
    profile: ctx.profile,
    deployOptions: (stage) => deploySettings(ctx, stage),
    maxFixRetries: ctx.config.max_fix_passes,
    auth,
    signal: ctx.signal,
    onCreated: (deployment, service) => ctx.cleanup.add(`planted copy ${service} teardown`, () => deployment.down()),
    onDetail: (line) => ctx.progress.detail(line),
  };
}

/**
 * Deploy the planted copy on its own, gate it alone and take it down
 * (quality-gate's `gateCopy`), with this run's deploy settings.
 *
 * @example
 * const gate = await gateCopy(ctx, copyResult, path.join(ctx.outputDir, 'm5', 'planted', 'pass_1'), 1, auth);
 */
export function gateCopy(ctx: PhaseContext, copy: BuilderResult, reportDir: string, fixAttempts: number, auth: CopyAuth): Promise<CopyGate> {
  return gatePlantedCopy(copy, reportDir, fixAttempts, copyOptions(ctx, auth));
}

/**
 * R4-M4-008 on any stack: plant the seed's violations in a copy of one
 * builder's output under `m4/planted/` and gate the copy on its own
 * (quality-gate's `plantAndGateCopy`); only the detection checks return.
 *
 * @example
 * const { checks } = await plantAndGate(ctx, results, auth);
 */
export function plantAndGate(ctx: PhaseContext, results: readonly BuilderResult[], auth: CopyAuth): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  return plantAndGateCopy({
    ...copyOptions(ctx, auth),
    profile: ctx.profile,
    results,
    root: plantedRoot(ctx.outputDir),
    busy: (ctx.data.builders?.plantTarget as string | null | undefined) ?? null,
    onInfo: (line) => ctx.progress.info(line),
  });
}
