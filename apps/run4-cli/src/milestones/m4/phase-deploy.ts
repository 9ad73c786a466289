import path from 'node:path';
import type { CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { deployGeneratedTier, GENERATED_COMPOSE_FILE } from '@run4/compose-kit';
import { runProfileFlows } from '@run4/quality-gate';
import { deploySettings } from './deploy-options.js';
import type { PhaseContext, PhaseOutput } from './live.js';

/**
 * Generate `docker-compose.generated.yml` from builder results, deploy the
 * generated tier (kept up for the quality gate's live layer), and check every
 * service healthy per ps and /health (compose-kit's `deployGeneratedTier`).
 */
export async function deployGenerated(ctx: PhaseContext, results: readonly BuilderResult[], stage = 'generated'): Promise<{ checks: CheckRecord[]; names: string[]; urls: Record<string, string> }> {
  return deployGeneratedTier({
    results,
    profile: ctx.profile,
    outputDir: ctx.outputDir,
    composeProjectName: ctx.config.compose_project_name,
    deployOptions: deploySettings(ctx, stage),
    ...(ctx.live.generated ? { previous: ctx.live.generated.deployment } : {}),
    onCreated: (deployment, names) => {
      ctx.cleanup.add(`${stage} teardown`, () => deployment.down());
      ctx.progress.info(`generated tier: deploying ${names.join(', ')} with the ${deployment.backend} backend`);
    },
    onDeployed: (live) => (ctx.live.generated = live),
  });
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
  const u = deployed.urls;
  const flows = await runProfileFlows(ctx.profile, { urls: { ...(ctx.live.build1?.urls ?? {}), ...u }, signal: ctx.signal, profilePath: ctx.config.stack_profile });
  const healthy = (ctx.live.generated?.report?.services ?? []).filter((s) => s.healthy).map((s) => s.name);
  return { checks: [...deployed.checks, ...flows.checks], data: { services: deployed.names, healthy, urls: u, flows: flows.counts, backend: ctx.live.generated?.deployment.backend ?? null, composeFile: path.join(ctx.outputDir, GENERATED_COMPOSE_FILE) } };
}
