import path from 'node:path';
import { type CheckRecord, check } from '@run4/checks';
import type { GeneratedServiceInput } from '../compose/generate.js';
import { loadComposeFile } from '../compose/load.js';
import { tierFiles } from '../compose/tiers.js';
import { type BackendChoice, createDeployment } from '../deploy/create-deployment.js';
import { imagePresent } from '../deploy/engine.js';
import type { DeploymentReport } from '../deploy/types.js';
import { composeGenerationCheck, composeMergeCheck, traefikLabelsCheck } from './compose-checks.js';
import {
  BUILD1_SERVICES, deployForChecks, interContainerDnsCheck, servicesHttpHealthCheck, servicesUpCheck, teardownCheck,
} from './deploy-checks.js';

/** Options of {@link runM4DeployPhases}. */
export interface M4DeployOptions {
  /** The repo's docker/ directory (tier files). */
  dockerDir: string;
  /** Output dir; docker-compose.generated.yml is written here. */
  outputDir: string;
  /** Builder results (service_id, output_dir, success) of M4 phase 5. */
  builderResults: GeneratedServiceInput[];
  backend?: BackendChoice;
  /** Compose project name prefix (default super-team-run4); stages add -build1 / -generated. */
  projectName?: string;
  hostPorts?: 'as-declared' | 'ephemeral';
  healthTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

/** Records of the deploy phases plus the deployment reports (each names its backend). */
export interface M4DeployResult {
  records: CheckRecord[];
  reports: DeploymentReport[];
  generatedFile: string;
}

/**
 * M4 deploy phases, phase-gated: generate + validate the generated tier
 * (B3-06), merge all tiers, Traefik labels (B3-07), Build 1 tier up
 * and healthy (B1-01, B1-02, R4-M4-001), inter-container DNS (B1-20), then —
 * only if Build 1 passed — the generated tier up and healthy (SC-02, B3-02,
 * SC-03, R4-M4-006), and teardown of everything (always).
 *
 * @example
 * const { records } = await runM4DeployPhases({ dockerDir: 'docker', outputDir: '.run4', builderResults, backend: 'auto' });
 */
export async function runM4DeployPhases(options: M4DeployOptions): Promise<M4DeployResult> {
  const records: CheckRecord[] = [];
  const reports: DeploymentReport[] = [];
  const project = options.projectName ?? 'super-team-run4';
  const generatedFile = path.join(options.outputDir, 'docker-compose.generated.yml');
  const generatedNames = options.builderResults.filter((r) => r.success !== false).map((r) => r.service_id);

  records.push(await composeGenerationCheck(options.builderResults, generatedFile, { projectName: `${project}-generated` }));
  const allTiers = tierFiles({ dockerDir: options.dockerDir, generatedFile, tiers: ['infra', 'build1', 'generated', 'traefik', 'run4'] });
  records.push(await composeMergeCheck(allTiers, project));
  if (records[0]!.status === 'PASS') {
    const traefikImage = await imagePresent('traefik:v3.6').catch(() => false);
    records.push(await traefikLabelsCheck(loadComposeFile(generatedFile).model, generatedNames, { traefikDeployed: false }));
    if (!traefikImage) records.at(-1)!.data = { ...records.at(-1)!.data, traefikImagePresent: false };
  }

  const common = { backend: options.backend ?? 'auto', hostPorts: options.hostPorts, healthTimeoutMs: options.healthTimeoutMs, onProgress: options.onProgress };
  const build1 = await deployForChecks(await createDeployment({
    ...common, projectName: `${project}-build1`, services: [...BUILD1_SERVICES],
    files: tierFiles({ dockerDir: options.dockerDir, tiers: ['infra', 'build1', 'run4'] }),
  }));
  if (build1.report) reports.push(build1.report);
  try {
    records.push(await servicesUpCheck(build1, BUILD1_SERVICES, { id: 'm4.build1.deploy', name: 'Build 1 services deployed and healthy', requirementIds: ['B1-01', 'R4-M4-001'] }));
    records.push(await servicesHttpHealthCheck(build1, BUILD1_SERVICES, { id: 'm4.build1.health', name: 'Build 1 /api/health x3', requirementIds: ['B1-02', 'R4-M4-001'] }));
    records.push(await interContainerDnsCheck(build1));
  } finally {
    records.push(await teardownCheck(build1.deployment));
  }

  const gateOk = records.filter((r) => r.id.startsWith('m4.build1.deploy') || r.id.startsWith('m4.build1.health')).every((r) => r.status === 'PASS');
  const generatedIds = [
    { id: 'm4.generated.deploy', name: 'generated services deployed and healthy per ps', requirementIds: ['SC-02', 'B3-02', 'R4-M4-006'] },
    { id: 'm4.generated.health', name: 'generated services answer /health', requirementIds: ['SC-03', 'R4-M4-006'] },
  ];
  if (!gateOk || records[0]!.status !== 'PASS') {
    const why = !gateOk ? 'gate: Build 1 services are not all healthy (R4-M4-001)' : 'docker-compose.generated.yml was not generated';
    for (const m of generatedIds) records.push(check(m.id, m.name, 'SKIP', why, m.requirementIds));
    return { records, reports, generatedFile };
  }
  const generated = await deployForChecks(await createDeployment({
    ...common, projectName: `${project}-generated`, services: generatedNames,
    files: tierFiles({ dockerDir: options.dockerDir, generatedFile, tiers: ['infra', 'generated'] }),
  }));
  if (generated.report) reports.push(generated.report);
  try {
    records.push(await servicesUpCheck(generated, generatedNames, generatedIds[0]!));
    records.push(await servicesHttpHealthCheck(generated, generatedNames, generatedIds[1]!));
  } finally {
    records.push(await teardownCheck(generated.deployment));
  }
  return { records, reports, generatedFile };
}
