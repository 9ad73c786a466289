import { check } from '@run4/checks';
import { createDeployment, deployForChecks, interContainerDnsCheck, servicesHttpHealthCheck, servicesUpCheck, tierFiles } from '@run4/compose-kit';
import { BUILD1_ROLES } from '@run4/schemas';
import { deploySettings } from './deploy-options.js';
import { serviceUrls, type PhaseContext, type PhaseOutput } from './live.js';

/**
 * Phase 1 (R4-M4-001): Build 1 deployed from the profile's compose tiers
 * (infra, build1, run4) and every role's HTTP API healthy, and one role
 * reaching another by service name (B1-20, not part of the gate). The
 * deployment stays up for the next phases; teardown is registered.
 * Gate: all Build 1 services healthy.
 */
export async function phaseBuild1(ctx: PhaseContext): Promise<PhaseOutput> {
  const roles = ctx.profile.build1.roles;
  const apis = BUILD1_ROLES.flatMap((role) => (roles[role]?.http ? [{ role, ...roles[role]!.http! }] : []));
  const unmapped = BUILD1_ROLES.filter((role) => !roles[role]?.http);
  const services = apis.map((a) => a.service);
  if (services.length === 0) {
    const c = check('m4.build1.deploy', 'Build 1 services deployed and healthy', 'FAIL', `the stack profile gives no Build 1 HTTP API (build1.roles.<role>.http) in ${ctx.config.stack_profile}`, ['B1-01', 'R4-M4-001']);
    return { checks: [c], data: {}, gateFailed: c.evidence };
  }
  const files = tierFiles({ files: ctx.profile.compose.tiers, tiers: ['infra', 'build1', 'run4'] });
  const deployment = await createDeployment({ ...deploySettings(ctx, 'build1'), files, services });
  ctx.cleanup.add('Build 1 teardown', () => deployment.down());
  ctx.progress.info(`Build 1: deploying ${services.join(', ')} with the ${deployment.backend} backend`);
  const attempt = await deployForChecks(deployment);
  const urls = serviceUrls(attempt.report);
  ctx.live.build1 = { deployment, report: attempt.report, urls };
  const up = await servicesUpCheck(attempt, services, { id: 'm4.build1.deploy', name: 'Build 1 services deployed and healthy', requirementIds: ['B1-01', 'R4-M4-001'] });
  const health = await servicesHttpHealthCheck(attempt, services, { id: 'm4.build1.health', name: `Build 1 health x${services.length}`, requirementIds: ['B1-02', 'R4-M4-001'] });
  const checks = [up, health];
  if (unmapped.length) checks.push(check('m4.build1.roles', 'every Build 1 role has an HTTP API', 'FAIL', `no HTTP API for ${unmapped.join(', ')} in the stack profile`, ['R4-M4-001']));
  const architect = roles.architect?.http;
  const engine = roles.contract_engine?.http;
  checks.push(
    architect && engine
      ? await interContainerDnsCheck(attempt, { from: architect.service, to: engine.service, port: engine.port, path: engine.health_path, probeImage: ctx.config.node_image })
      : check('m4.build1.inter-container-dns', 'architect reaches the Contract Engine by service name', 'SKIP', 'the stack profile lacks the architect or contract_engine HTTP API', ['B1-20']),
  );
  // The seed's gate: every Build 1 service healthy (B1-20 is recorded, not gated).
  const failed = checks.filter((c) => c.id !== 'm4.build1.inter-container-dns' && c.status === 'FAIL');
  return {
    checks,
    data: { backend: deployment.backend, backendReason: attempt.report?.backendReason ?? null, urls },
    ...(failed.length ? { gateFailed: `Build 1 not healthy: ${failed.map((c) => c.id).join(', ')}` } : {}),
  };
}
