import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check } from '@run4/checks';
import { prepareBuilderDir, runBuilders, type BuilderResult, type BuilderSpec } from '@run4/builder-runner';
import type { PhaseContext, PhaseOutput } from './live.js';
import type { ServiceContracts } from './phase-contracts.js';
import { builderRow } from '../../ui/progress.js';

/** Where M4's builders work: `.run4/m4_builder_outputs/<service>` (DESIGN.md section 7). */
export function builderOutputsDir(ctx: PhaseContext): string {
  return path.join(ctx.outputDir, 'm4_builder_outputs');
}

/**
 * Phase 5 (R4-M4-005): one builder per service of the ServiceMap that has
 * an OpenAPI contract, in parallel, each in its own directory with its
 * contracts from the Contract Engine. `--plant` codes go to the profile's
 * plant target, through the builder's own plant option when the profile
 * names one. Gate: at least two thirds of the builders succeed (2 of 3).
 */
export async function phaseBuilders(ctx: PhaseContext): Promise<PhaseOutput> {
  const { config, profile } = ctx;
  const contracts = (ctx.data.contracts?.contracts ?? {}) as ServiceContracts;
  const services = (ctx.data.decompose?.services as string[] | undefined) ?? Object.keys(contracts);
  const root = builderOutputsDir(ctx);
  rmSync(root, { recursive: true, force: true });
  const plant = ctx.options.plant ?? config.plant;
  const buildable = services.filter((s) => contracts[s]?.openapi);
  const unbuildable = services.filter((s) => !contracts[s]?.openapi);
  const plantTarget = plant.length ? (profile.sample_app.plant_target ?? buildable[0]) : undefined;
  const plantOption = profile.build2.plant_option;
  const specs: BuilderSpec[] = [];
  for (const service of buildable) {
    const files = contracts[service]!;
    const dir = path.join(root, service);
    const builderConfig = await prepareBuilderDir(dir, { name: service, port: profile.services.port, openapi: files.openapi!, ...(files.asyncapi ? { asyncapi: files.asyncapi } : {}), prd: config.sample_prd_path }, config.builder_depth);
    const command = plantOption && service === plantTarget ? `${config.builder_command} ${plantOption.replaceAll('{codes}', plant.join(','))}` : config.builder_command;
    specs.push({ service_id: service, dir, depth: config.builder_depth, config: builderConfig, command });
  }
  const notBuilt = unbuildable.length ? `; not built (no OpenAPI contract): ${unbuildable.join(', ')}` : '';
  if (specs.length === 0) {
    const c = check('m4.builders', 'parallel builders', 'FAIL', `no service has a registered OpenAPI contract (phase 4)${notBuilt}`, ['R4-M4-005']);
    return { checks: [c], data: {}, gateFailed: c.evidence };
  }
  ctx.progress.info(`builders: ${specs.map((s) => s.service_id).join(', ')} at depth ${config.builder_depth}${plantTarget ? `, planting ${plant.join(',')} in ${plantTarget}` : ''}`);
  const fleet = await runBuilders(specs, {
    maxConcurrent: config.max_concurrent_builders,
    timeoutMs: config.builder_timeout_s * 1000,
    signal: ctx.signal,
    onProgress: (e) => {
      ctx.progress.row(builderRow(4, e));
      if (e.type === 'started') ctx.progress.info(`builder ${e.service_id}: started`);
      else ctx.progress.info(`builder ${e.service_id}: ${e.result.success ? 'succeeded' : `FAILED (${e.result.error})`} in ${(e.result.duration_ms / 1000).toFixed(1)}s, tests ${e.result.test_passed}/${e.result.test_total}`);
    },
  });
  const resultsFile = path.join(ctx.workDir, 'builder_results.json');
  writeFileSync(resultsFile, JSON.stringify(fleet, null, 2) + '\n');
  const need = Math.max(1, Math.ceil((fleet.total + unbuildable.length) * (2 / 3)));
  const row = (r: BuilderResult) => `${r.service_id}: ${r.success ? 'ok' : `failed (${r.error})`}, tests ${r.test_passed}/${r.test_total}, convergence ${r.convergence_ratio}`;
  const checks = [
    check(
      'm4.builders',
      'parallel builders from the ServiceMap',
      fleet.succeeded >= need ? 'PASS' : 'FAIL',
      `${fleet.succeeded}/${fleet.total + unbuildable.length} succeeded (gate >= ${need}); peak concurrency ${fleet.peak_concurrency}; ${fleet.results.map(row).join('; ')}${notBuilt}`,
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
  if (plant.length && !plantOption) {
    checks.push(check('m4.builders.plant', 'planted scan codes handed to the builder', 'SKIP', `the stack profile names no plant option for this builder (build2.plant_option): ${plant.join(',')} not planted`, ['R4-M4-008']));
  }
  const gate = checks[0]!.status === 'FAIL' ? { gateFailed: checks[0]!.evidence } : {};
  return { checks, data: { resultsFile, results: fleet.results, plant: plantOption ? plant : [], plantTarget: plantOption ? (plantTarget ?? null) : null }, ...gate };
}
