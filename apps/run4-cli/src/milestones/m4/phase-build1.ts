import { deployBuild1 } from '@run4/compose-kit';
import { deploySettings } from './deploy-options.js';
import type { PhaseContext, PhaseOutput } from './live.js';

/**
 * Phase 1 (R4-M4-001): Build 1 deployed from the profile's compose tiers and
 * every role's HTTP API healthy (compose-kit's `deployBuild1`). The
 * deployment stays up for the next phases; teardown is registered.
 * Gate: all Build 1 services healthy.
 */
export async function phaseBuild1(ctx: PhaseContext): Promise<PhaseOutput> {
  const out = await deployBuild1({
    profile: ctx.profile,
    profilePath: ctx.config.stack_profile,
    deployOptions: deploySettings(ctx, 'build1'),
    probeImage: ctx.config.node_image,
    onCreated: (deployment, services) => {
      ctx.cleanup.add('Build 1 teardown', () => deployment.down());
      ctx.progress.info(`Build 1: deploying ${services.join(', ')} with the ${deployment.backend} backend`);
    },
    onDeployed: (live) => (ctx.live.build1 = live),
  });
  const live = out.live;
  return {
    checks: out.checks,
    data: live ? { backend: live.deployment.backend, backendReason: live.report?.backendReason ?? null, urls: live.urls } : {},
    ...(out.gateFailed ? { gateFailed: out.gateFailed } : {}),
  };
}
