import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import type { StackProfile } from '@run4/schemas';
import { loadComposeFile } from '../compose/load.js';
import { tierFiles } from '../compose/tiers.js';
import { createDeployment } from '../deploy/create-deployment.js';
import { deployedUrls, type StageDeploymentOptions } from '../deploy/stage-options.js';
import type { Deployment } from '../deploy/types.js';
import type { LiveDeployment } from './build1-deploy.js';
import { composeGenerationCheck, composeMergeCheck, traefikLabelsCheck } from './compose-checks.js';
import { deployForChecks, servicesHttpHealthCheck, servicesUpCheck } from './deploy-checks.js';

/** The name of the generated tier's compose file, written into the output dir. */
export const GENERATED_COMPOSE_FILE = 'docker-compose.generated.yml';

/** One builder's outcome, as the generated tier needs it (a `BuilderResult` fits). */
export interface BuiltService {
  service_id: string;
  output_dir: string;
  success: boolean;
}

/** Inputs of {@link deployGeneratedTier}. */
export interface GeneratedDeployOptions {
  results: readonly BuiltService[];
  profile: Pick<StackProfile, 'services' | 'compose'>;
  /** Where `docker-compose.generated.yml` is written. */
  outputDir: string;
  /** The run's compose project name, for the merge of every tier. */
  composeProjectName: string;
  /** The stage's deployment options (see `stageDeploymentOptions`). */
  deployOptions: StageDeploymentOptions;
  /** A deployment of an earlier stage to take down first (the generated tier is deployed once at a time). */
  previous?: Deployment;
  /** Called once the deployment of `services` exists, before it comes up (register its teardown here). */
  onCreated?: (deployment: Deployment, services: readonly string[]) => void;
  /** Called once it came up (or failed to), before the up/health checks run. */
  onDeployed?: (live: LiveDeployment) => void;
}

/**
 * Generate `docker-compose.generated.yml` from builder results and validate
 * it (B3-06), merge every tier in the seed's order, check the
 * Traefik routes (B3-07), deploy the generated tier (kept up: the gate's
 * live layer tests it) and check every service healthy per ps and per its
 * health route (SC-02, SC-03). A service that runs but never turns healthy
 * stays up and fails those checks by name.
 *
 * @example
 * const { checks, names, urls } = await deployGeneratedTier({ results, profile, outputDir: '.run4', composeProjectName: 'run4', deployOptions });
 */
export async function deployGeneratedTier(options: GeneratedDeployOptions): Promise<{ checks: CheckRecord[]; names: string[]; urls: Record<string, string> }> {
  const { profile, results } = options;
  const file = path.join(options.outputDir, GENERATED_COMPOSE_FILE);
  const names = results.filter((r) => r.success).map((r) => r.service_id);
  if (names.length === 0) {
    return { checks: [check('m4.generated.deploy', 'generated services deployed', 'FAIL', 'no builder succeeded: nothing to deploy', ['SC-02', 'B3-02', 'R4-M4-006'])], names, urls: {} };
  }
  const settings = options.deployOptions;
  const composeChecks = [
    await composeGenerationCheck(
      results.map((r) => ({ service_id: r.service_id, output_dir: r.output_dir, success: r.success, port: profile.services.port, health_path: profile.services.health_path })),
      file,
      {
        projectName: settings.projectName,
        outputDir: options.outputDir,
        buildArgs: profile.compose.build_args,
        environment: profile.services.environment,
        // The seeds' generated services wait for the infra tier's database; a stack without that tier has nothing to wait for.
        ...(profile.compose.tiers.infra ? {} : { commonDependsOn: {} }),
      },
    ),
  ];
  if (composeChecks[0]!.status !== 'PASS') return { checks: composeChecks, names, urls: {} };
  const tiers = profile.compose.tiers;
  composeChecks.push(await composeMergeCheck(tierFiles({ files: tiers, generatedFile: file, tiers: ['infra', 'build1', 'generated', 'traefik', 'run4'] }), options.composeProjectName));
  composeChecks.push(await traefikLabelsCheck(loadComposeFile(file).model, names, { traefikDeployed: false }));
  if (options.previous) await options.previous.down();
  const deployment = await createDeployment({ ...settings, files: tierFiles({ files: tiers, generatedFile: file, tiers: ['infra', 'generated'] }), services: names, allowUnhealthy: true });
  options.onCreated?.(deployment, names);
  const attempt = await deployForChecks(deployment);
  const urls = deployedUrls(attempt.report);
  options.onDeployed?.({ deployment, report: attempt.report, urls });
  const checks = [
    ...composeChecks,
    await servicesUpCheck(attempt, names, { id: 'm4.generated.deploy', name: 'generated services deployed and healthy per ps', requirementIds: ['SC-02', 'B3-02', 'R4-M4-006'] }),
    await servicesHttpHealthCheck(attempt, names, { id: 'm4.generated.health', name: 'generated services answer /health', requirementIds: ['SC-03', 'R4-M4-006'] }),
  ];
  return { checks, names, urls };
}
