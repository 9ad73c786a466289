import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import {
  composeGenerationCheck, composeMergeCheck, createDeployment, deployForChecks, loadComposeFile, servicesHttpHealthCheck, servicesUpCheck, tierFiles, traefikLabelsCheck,
} from '@run4/compose-kit';
import { resolveVars, runDataFlows } from '@run4/quality-gate';
import { deploySettings } from './deploy-options.js';
import { serviceUrls, type PhaseContext, type PhaseOutput } from './live.js';

export const GENERATED_COMPOSE_FILE = 'docker-compose.generated.yml';

/**
 * Generate `docker-compose.generated.yml` from builder results, deploy the
 * generated tier (kept up for the quality gate's live layer), and check every
 * service healthy per ps and /health.
 */
export async function deployGenerated(ctx: PhaseContext, results: readonly BuilderResult[], stage = 'generated'): Promise<{ checks: CheckRecord[]; names: string[]; urls: Record<string, string> }> {
  const file = path.join(ctx.outputDir, GENERATED_COMPOSE_FILE);
  const ok = results.filter((r) => r.success);
  const names = ok.map((r) => r.service_id);
  if (names.length === 0) {
    return { checks: [check('m4.generated.deploy', 'generated services deployed', 'FAIL', 'no builder succeeded: nothing to deploy', ['SC-02', 'B3-02', 'R4-M4-006'])], names, urls: {} };
  }
  const settings = deploySettings(ctx, stage);
  // Generate and validate the generated tier (B3-06), merge every tier in the seed's order, check the Traefik routes (B3-07).
  const composeChecks = [
    await composeGenerationCheck(
      results.map((r) => ({ service_id: r.service_id, output_dir: r.output_dir, success: r.success, port: ctx.profile.services.port, health_path: ctx.profile.services.health_path })),
      file,
      {
        projectName: settings.projectName,
        outputDir: ctx.outputDir,
        buildArgs: ctx.profile.compose.build_args,
        environment: ctx.profile.services.environment,
        // The seeds' generated services wait for the infra tier's database; a stack without that tier has nothing to wait for.
        ...(ctx.profile.compose.tiers.infra ? {} : { commonDependsOn: {} }),
      },
    ),
  ];
  if (composeChecks[0]!.status !== 'PASS') return { checks: composeChecks, names, urls: {} };
  const tiers = ctx.profile.compose.tiers;
  composeChecks.push(await composeMergeCheck(tierFiles({ files: tiers, generatedFile: file, tiers: ['infra', 'build1', 'generated', 'traefik', 'run4'] }), ctx.config.compose_project_name));
  composeChecks.push(await traefikLabelsCheck(loadComposeFile(file).model, names, { traefikDeployed: false }));
  const previous = ctx.live.generated;
  if (previous) await previous.deployment.down();
  // A service that runs but never turns healthy (e.g. built without its health route) stays up:
  // SC-02/SC-03 fail for it by name, and the gate can still test what it serves.
  const deployment = await createDeployment({ ...settings, files: tierFiles({ files: tiers, generatedFile: file, tiers: ['infra', 'generated'] }), services: names, allowUnhealthy: true });
  ctx.cleanup.add(`${stage} teardown`, () => deployment.down());
  ctx.progress.info(`generated tier: deploying ${names.join(', ')} with the ${deployment.backend} backend`);
  const attempt = await deployForChecks(deployment);
  const urls = serviceUrls(attempt.report);
  ctx.live.generated = { deployment, report: attempt.report, urls };
  const checks = [
    ...composeChecks,
    await servicesUpCheck(attempt, names, { id: 'm4.generated.deploy', name: 'generated services deployed and healthy per ps', requirementIds: ['SC-02', 'B3-02', 'R4-M4-006'] }),
    await servicesHttpHealthCheck(attempt, names, { id: 'm4.generated.health', name: 'generated services answer /health', requirementIds: ['SC-03', 'R4-M4-006'] }),
  ];
  return { checks, names, urls };
}

/**
 * Phase 6 (R4-M4-006): deploy the generated services and run the stack
 * profile's cross-service data flows against them. Not a stopping gate:
 * the seed's planted violations (R4-M4-008: a missing /health) make "every
 * service healthy" fail by design, and the quality gate that must report
 * them comes after; every failure here is recorded.
 */
export async function phaseDeploy(ctx: PhaseContext): Promise<PhaseOutput> {
  const results = (ctx.data.builders?.results ?? []) as BuilderResult[];
  const deployed = await deployGenerated(ctx, results);
  const checks = [...deployed.checks];
  const u = deployed.urls;
  const flows = ctx.profile.sample_app.flows.length
    ? await runDataFlows(ctx.profile.sample_app.flows, { urls: { ...(ctx.live.build1?.urls ?? {}), ...u }, vars: resolveVars(ctx.profile.sample_app.vars), signal: ctx.signal })
    : [check('m4.flow', 'cross-service data flows', 'SKIP', `the stack profile declares no data flow (sample_app.flows in ${ctx.config.stack_profile})`, ['R4-M4-006'])];
  checks.push(...flows);
  const ran = flows.filter((c) => c.status !== 'SKIP');
  const flowCounts = { total: ran.length, passed: ran.filter((c) => c.status === 'PASS').length };
  const healthy = (ctx.live.generated?.report?.services ?? []).filter((s) => s.healthy).map((s) => s.name);
  return { checks, data: { services: deployed.names, healthy, urls: u, flows: flowCounts, backend: ctx.live.generated?.deployment.backend ?? null, composeFile: path.join(ctx.outputDir, GENERATED_COMPOSE_FILE) } };
}
