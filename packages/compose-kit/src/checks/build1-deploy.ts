import { check, type CheckRecord } from '@run4/checks';
import { BUILD1_ROLES, type StackProfile } from '@run4/schemas';
import { tierFiles } from '../compose/tiers.js';
import { createDeployment } from '../deploy/create-deployment.js';
import { deployedUrls, type StageDeploymentOptions } from '../deploy/stage-options.js';
import type { Deployment, DeploymentReport } from '../deploy/types.js';
import { deployForChecks, interContainerDnsCheck, servicesHttpHealthCheck, servicesUpCheck } from './deploy-checks.js';

/** A deployment that is up (or failed to come up), with the URLs it serves. */
export interface LiveDeployment {
  deployment: Deployment;
  report?: DeploymentReport;
  urls: Record<string, string>;
}

/** Inputs of {@link deployBuild1}. */
export interface Build1DeployOptions {
  profile: Pick<StackProfile, 'build1' | 'compose'>;
  /** The stack profile's path, named in evidence. */
  profilePath: string;
  /** The stage's deployment options (see `stageDeploymentOptions`). */
  deployOptions: StageDeploymentOptions;
  /** The image the inter-container DNS probe runs in. */
  probeImage: string;
  /** Called once the deployment of `services` exists, before it comes up (register its teardown here). */
  onCreated?: (deployment: Deployment, services: readonly string[]) => void;
  /** Called once it came up (or failed to), before any check runs. */
  onDeployed?: (live: LiveDeployment) => void;
}

/** What {@link deployBuild1} found. */
export interface Build1DeployResult {
  checks: CheckRecord[];
  /** Absent when the profile gives no Build 1 HTTP API (nothing was deployed). */
  live?: LiveDeployment;
  /** Why the seed's gate (every Build 1 service healthy) does not hold, when it does not. */
  gateFailed?: string;
}

/**
 * R4-M4-001: deploy Build 1 from the profile's compose tiers (infra, build1,
 * run4), check every role's HTTP API healthy per ps and per its health
 * route, every role mapped to an HTTP API, and one role reaching another by
 * service name (B1-20, recorded but not gated). The deployment stays up.
 *
 * @example
 * const { checks, live, gateFailed } = await deployBuild1({ profile, profilePath: 'stack.yaml', deployOptions, probeImage: 'node:20-alpine' });
 */
export async function deployBuild1(options: Build1DeployOptions): Promise<Build1DeployResult> {
  const roles = options.profile.build1.roles;
  const apis = BUILD1_ROLES.flatMap((role) => (roles[role]?.http ? [{ role, ...roles[role]!.http! }] : []));
  const unmapped = BUILD1_ROLES.filter((role) => !roles[role]?.http);
  const services = apis.map((a) => a.service);
  if (services.length === 0) {
    const c = check('m4.build1.deploy', 'Build 1 services deployed and healthy', 'FAIL', `the stack profile gives no Build 1 HTTP API (build1.roles.<role>.http) in ${options.profilePath}`, ['B1-01', 'R4-M4-001']);
    return { checks: [c], gateFailed: c.evidence };
  }
  const files = tierFiles({ files: options.profile.compose.tiers, tiers: ['infra', 'build1', 'run4'] });
  const deployment = await createDeployment({ ...options.deployOptions, files, services });
  options.onCreated?.(deployment, services);
  const attempt = await deployForChecks(deployment);
  const live: LiveDeployment = { deployment, report: attempt.report, urls: deployedUrls(attempt.report) };
  options.onDeployed?.(live);
  const up = await servicesUpCheck(attempt, services, { id: 'm4.build1.deploy', name: 'Build 1 services deployed and healthy', requirementIds: ['B1-01', 'R4-M4-001'] });
  const health = await servicesHttpHealthCheck(attempt, services, { id: 'm4.build1.health', name: `Build 1 health x${services.length}`, requirementIds: ['B1-02', 'R4-M4-001'] });
  const checks = [up, health];
  if (unmapped.length) checks.push(check('m4.build1.roles', 'every Build 1 role has an HTTP API', 'FAIL', `no HTTP API for ${unmapped.join(', ')} in the stack profile`, ['R4-M4-001']));
  const architect = roles.architect?.http;
  const engine = roles.contract_engine?.http;
  checks.push(
    architect && engine
      ? await interContainerDnsCheck(attempt, { from: architect.service, to: engine.service, port: engine.port, path: engine.health_path, probeImage: options.probeImage })
      : check('m4.build1.inter-container-dns', 'architect reaches the Contract Engine by service name', 'SKIP', 'the stack profile lacks the architect or contract_engine HTTP API', ['B1-20']),
  );
  // The seed's gate: every Build 1 service healthy (B1-20 is recorded, not gated).
  const failed = checks.filter((c) => c.id !== 'm4.build1.inter-container-dns' && c.status === 'FAIL');
  return { checks, live, ...(failed.length ? { gateFailed: `Build 1 not healthy: ${failed.map((c) => c.id).join(', ')}` } : {}) };
}
