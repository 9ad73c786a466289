import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDeployment, type Deployment, generateComposeFile, type GeneratedServiceInput } from '@run4/compose-kit';
import { type IntegrationReport, IntegrationReportSchema, runLayer2 } from '@run4/quality-gate';
import type { PipelineContext } from '../pipeline/context.js';
import { atomicWriteJson } from '../state/state-store.js';

/** Options of the integration phase (the `integrate` command's flags). */
export interface IntegratePhaseOptions {
  /** Deploy this compose file instead of generating one (`integrate --compose-file`). */
  composeFile?: string;
}

/** Name of the integration report file in the state directory. */
export const INTEGRATION_REPORT_FILE = 'integration_report.json';

/** `order-service` → `ORDER_SERVICE_URL`. */
function urlVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/**
 * The generated compose tier for the services whose builders succeeded:
 * each service gets a `<PEER>_URL` variable for every other service of the
 * plan (the process backend rewrites those hosts to loopback ports).
 *
 * @example
 * const file = writeGeneratedCompose(ctx);
 */
export function writeGeneratedCompose(ctx: PipelineContext): string {
  const { state, config } = ctx;
  const built = state.services.filter((s) => state.builder_results.some((r) => r.service_id === s.name && r.success === true));
  const inputs: GeneratedServiceInput[] = built.map((s) => ({
    service_id: s.name,
    output_dir: s.builder_dir,
    success: true,
    port: s.port,
    health_path: config.integration.health_path,
    environment: { ...config.integration.environment, ...Object.fromEntries(built.filter((p) => p.name !== s.name).map((p) => [urlVariable(p.name), `http://${p.name}:${p.port}`])) },
  }));
  return generateComposeFile(inputs, join(state.state_dir, 'docker-compose.generated.yml'), { projectName: projectName(ctx), commonDependsOn: {}, buildArgs: config.integration.build_args });
}

function projectName(ctx: PipelineContext): string {
  return `so-${ctx.state.pipeline_id.slice(0, 8)}`;
}

/**
 * Deploy the built services with @run4/compose-kit (configured backend;
 * SIGINT tears the deployment down through `ctx.signal`), run Layer 2 of
 * @run4/quality-gate against them (health, schema-driven contract
 * requests), write the IntegrationReport (seed 003 section 7.4) and always
 * tear down.
 *
 * @example
 * const report = await deployAndTest(ctx);
 */
export async function deployAndTest(ctx: PipelineContext, options: IntegratePhaseOptions = {}): Promise<IntegrationReport> {
  const { state, config } = ctx;
  const composeFile = options.composeFile ?? writeGeneratedCompose(ctx);
  const workDir = join(state.state_dir, 'deploy');
  mkdirSync(workDir, { recursive: true });
  let deployment: Deployment | undefined;
  const onAbort = () => void deployment?.down();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    deployment = await createDeployment({
      backend: config.integration.backend,
      files: [composeFile],
      projectName: projectName(ctx),
      allowUnhealthy: true,
      hostPorts: 'ephemeral',
      handleSignals: false,
      workDir,
      healthTimeoutMs: config.integration.health_timeout * 1000,
      onProgress: (line) => ctx.log(`[deploy] ${line}`),
    });
    if (ctx.signal.aborted) return IntegrationReportSchema.parse({ services_deployed: 0, services_healthy: 0, contract_tests_total: 0, contract_tests_passed: 0, violations: [], overall_health: 'unknown' });
    const deployed = await deployment.up();
    atomicWriteJson(join(state.state_dir, 'deployment_report.json'), deployed);
    ctx.log(`[deploy] backend ${deployed.backend} (${deployed.backendReason}): ${deployed.services.map((s) => `${s.name} ${s.healthy ? 'healthy' : 'UNHEALTHY'}`).join(', ')}`);
    state.services_deployed = deployed.services.map((s) => s.name);
    ctx.save();
    const layer2 = await runLayer2({
      services: deployed.services
        .filter((s) => s.url)
        .map((s) => {
          const planned = state.services.find((p) => p.name === s.name);
          const openapi = planned ? join(planned.builder_dir, 'contracts', 'openapi.yaml') : undefined;
          return { name: s.name, baseUrl: s.url as string, healthPath: config.integration.health_path, ...(openapi && existsSync(openapi) ? { openapi } : {}) };
        }),
      seed: config.integration.seed,
      maxExamples: config.integration.max_examples,
    });
    const report = IntegrationReportSchema.parse(layer2.integrationReport);
    return report;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await deployment?.down();
  }
}

/**
 * integrating: {@link deployAndTest}, then write integration_report.json
 * and point `integration_report_path` at it.
 *
 * @example
 * await runIntegratePhase(ctx);
 */
export async function runIntegratePhase(ctx: PipelineContext, options: IntegratePhaseOptions = {}): Promise<IntegrationReport> {
  const report = await deployAndTest(ctx, options);
  if (ctx.signal.aborted) return report;
  const file = join(ctx.state.state_dir, INTEGRATION_REPORT_FILE);
  atomicWriteJson(file, report);
  ctx.state.integration_report_path = file;
  ctx.state.phase_artifacts.integrating = { integration_report: file, compose_file: options.composeFile ?? join(ctx.state.state_dir, 'docker-compose.generated.yml') };
  ctx.log(
    `[integrate] ${report.services_healthy}/${report.services_deployed} healthy, contract tests ${report.contract_tests_passed}/${report.contract_tests_total}, ${report.violations.length} violation(s), overall ${report.overall_health}`,
  );
  return report;
}
