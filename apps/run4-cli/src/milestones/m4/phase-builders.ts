import path from 'node:path';
import { buildServices } from '@run4/builder-runner';
import type { PhaseContext, PhaseOutput } from './live.js';
import type { ServiceContracts } from './phase-contracts.js';
import { builderRow } from '../../ui/progress.js';

/** Where M4's builders work: `.run4/m4_builder_outputs/<service>` (DESIGN.md section 7). */
export function builderOutputsDir(ctx: PhaseContext): string {
  return path.join(ctx.outputDir, 'm4_builder_outputs');
}

/**
 * Phase 5 (R4-M4-005): one builder per planned service with an OpenAPI
 * contract from the Contract Engine, in parallel (builder-runner's
 * buildServices). Gate: two thirds of the builders succeed.
 */
export async function phaseBuilders(ctx: PhaseContext): Promise<PhaseOutput> {
  const { config, profile } = ctx;
  const contracts = (ctx.data.contracts?.contracts ?? {}) as ServiceContracts;
  return buildServices({
    services: (ctx.data.decompose?.services as string[] | undefined) ?? Object.keys(contracts), contracts, root: builderOutputsDir(ctx), resultsFile: path.join(ctx.workDir, 'builder_results.json'),
    command: config.builder_command, depth: config.builder_depth, port: profile.services.port, prd: config.sample_prd_path, idPrefix: 'm4',
    plant: ctx.options.plant ?? config.plant, plantTarget: profile.sample_app.plant_target, plantOption: profile.build2.plant_option,
    maxConcurrent: config.max_concurrent_builders, timeoutMs: config.builder_timeout_s * 1000, signal: ctx.signal,
    info: (l) => ctx.progress.info(l), onProgress: (e) => ctx.progress.row(builderRow(4, e)),
  });
}
