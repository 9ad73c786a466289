import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { prepareBuilderDir, runBuilders, type BuilderResult, type BuilderSpec } from '@run4/builder-runner';
import type { PhaseContext } from './live.js';
import type { ServiceContracts } from './phase-contracts.js';

/** Where M4's builders work: `.run4/m4_builder_outputs/<service>` (DESIGN.md section 7). */
export function builderOutputsDir(ctx: PhaseContext): string {
  return path.join(ctx.outputDir, 'm4_builder_outputs');
}

/** The service the `--plant` codes go into: the one whose events and orders every flow crosses. */
export const PLANT_TARGET = 'order-service';

/**
 * Phase 5 (R4-M4-005): one builder per service of the ServiceMap, in
 * parallel, each in its own directory with its contracts from the Contract
 * Engine; `--plant` codes go to one service when the builder is the
 * reference one. Gate: at least 2 of 3 builders succeed.
 */
export async function phaseBuilders(ctx: PhaseContext): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const { config } = ctx;
  const contracts = (ctx.data.contracts?.contracts ?? {}) as ServiceContracts;
  const root = builderOutputsDir(ctx);
  rmSync(root, { recursive: true, force: true });
  const plant = ctx.options.plant ?? config.plant;
  const specs: BuilderSpec[] = [];
  for (const [service, files] of Object.entries(contracts)) {
    const dir = path.join(root, service);
    const builderConfig = await prepareBuilderDir(dir, { name: service, port: 8080, openapi: files.openapi, ...(files.asyncapi ? { asyncapi: files.asyncapi } : {}), prd: config.sample_prd_path }, config.builder_depth);
    const command = plant.length > 0 && service === PLANT_TARGET ? `${config.builder_command} --plant ${plant.join(',')}` : config.builder_command;
    specs.push({ service_id: service, dir, depth: config.builder_depth, config: builderConfig, command });
  }
  if (specs.length === 0) return { checks: [check('m4.builders', 'parallel builders', 'FAIL', 'no service has registered contracts (phase 4)', ['R4-M4-005'])], data: {} };
  ctx.progress.info(`builders: ${specs.map((s) => s.service_id).join(', ')} at depth ${config.builder_depth}${plant.length ? `, planting ${plant.join(',')} in ${PLANT_TARGET}` : ''}`);
  const fleet = await runBuilders(specs, {
    maxConcurrent: config.max_concurrent_builders,
    timeoutMs: config.builder_timeout_s * 1000,
    signal: ctx.signal,
    onProgress: (e) =>
      e.type === 'started'
        ? ctx.progress.info(`builder ${e.service_id}: started`)
        : ctx.progress.info(`builder ${e.service_id}: ${e.result.success ? 'succeeded' : `FAILED (${e.result.error})`} in ${(e.result.duration_ms / 1000).toFixed(1)}s, tests ${e.result.test_passed}/${e.result.test_total}`),
  });
  const resultsFile = path.join(ctx.workDir, 'builder_results.json');
  writeFileSync(resultsFile, JSON.stringify(fleet, null, 2) + '\n');
  const need = Math.min(2, fleet.total);
  const row = (r: BuilderResult) => `${r.service_id}: ${r.success ? 'ok' : `failed (${r.error})`}, tests ${r.test_passed}/${r.test_total}, convergence ${r.convergence_ratio}`;
  const checks = [
    check(
      'm4.builders',
      'parallel builders from the ServiceMap',
      fleet.succeeded >= need ? 'PASS' : 'FAIL',
      `${fleet.succeeded}/${fleet.total} succeeded (gate >= ${need}); peak concurrency ${fleet.peak_concurrency}; ${fleet.results.map(row).join('; ')}`,
      ['R4-M4-005', 'B2-05', 'X-04'],
      fleet.duration_ms,
    ),
    check(
      'm4.builders.state-json',
      'every builder wrote a valid STATE.json summary',
      fleet.results.every((r) => r.failure !== 'state_missing' && r.failure !== 'state_invalid') ? 'PASS' : 'FAIL',
      fleet.results.map((r) => `${r.service_id}: ${r.failure ?? 'summary parsed'}`).join('; '),
      ['X-05', 'R4-M4-005'],
    ),
  ];
  return { checks, data: { resultsFile, results: fleet.results, plant, plantTarget: plant.length ? PLANT_TARGET : null } };
}
