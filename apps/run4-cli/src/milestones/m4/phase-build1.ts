import { BUILD1_SERVICES, createDeployment, deployForChecks, interContainerDnsCheck, servicesHttpHealthCheck, servicesUpCheck, tierFiles } from '@run4/compose-kit';
import type { CheckRecord } from '@run4/checks';
import { dockerDir, deploySettings } from './deploy-options.js';
import { serviceUrls, type PhaseContext } from './live.js';

/**
 * Phase 1 (R4-M4-001): Build 1 deployed from its compose tier and healthy,
 * and the architect reaching the Contract Engine by service name (B1-20).
 * The deployment stays up for the next phases; teardown is registered.
 */
export async function phaseBuild1(ctx: PhaseContext): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const files = tierFiles({ dockerDir: dockerDir(ctx), tiers: ['infra', 'build1', 'run4'] });
  const deployment = await createDeployment({ ...deploySettings(ctx, 'build1'), files, services: [...BUILD1_SERVICES] });
  ctx.cleanup.add('Build 1 teardown', () => deployment.down());
  ctx.progress.info(`Build 1: deploying ${BUILD1_SERVICES.join(', ')} with the ${deployment.backend} backend`);
  const attempt = await deployForChecks(deployment);
  const urls = serviceUrls(attempt.report);
  ctx.live.build1 = { deployment, report: attempt.report, urls };
  const checks = [
    await servicesUpCheck(attempt, BUILD1_SERVICES, { id: 'm4.build1.deploy', name: 'Build 1 services deployed and healthy', requirementIds: ['B1-01', 'R4-M4-001'] }),
    await servicesHttpHealthCheck(attempt, BUILD1_SERVICES, { id: 'm4.build1.health', name: 'Build 1 /api/health x3', requirementIds: ['B1-02', 'R4-M4-001'] }),
    await interContainerDnsCheck(attempt),
  ];
  return { checks, data: { backend: deployment.backend, backendReason: attempt.report?.backendReason ?? null, urls } };
}
