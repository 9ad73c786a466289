import path from 'node:path';
import { createDeployment, deployForChecks, tierFiles } from '@run4/compose-kit';
import { registerContractHttp } from '@run4/mcp-probe';
import type { MilestoneContext } from '../types.js';

/** The Contract Engine HTTP API M2 started, and the service whose contract it registered there. */
export interface ContractEngineHttp {
  url: string;
  /** The service whose contract was registered over HTTP, for the architect's cross-reference. */
  service: string;
}

/**
 * The architect's hidden dependency (R4-M2-008): the Contract Engine's HTTP
 * API. Unless CONTRACT_ENGINE_URL is set, deploy the contract_engine role's
 * HTTP service from the stack profile's build1 compose tier (the same
 * backend as M4, whatever the stack's language), register one contract of
 * the sample app over HTTP so the architect has something to find, and
 * register the teardown. Returns null when none could be started (the
 * cross-server check then states the dependency as down).
 *
 * @example
 * const ce = await startContractEngineHttp(ctx);
 */
export async function startContractEngineHttp(ctx: MilestoneContext): Promise<ContractEngineHttp | null> {
  const api = ctx.profile.build1.roles.contract_engine?.http;
  const first = Object.entries(ctx.profile.sample_app.contracts).find(([, c]) => c.openapi);
  const service = first?.[0] ?? 'run4-cross-ref';
  let url = process.env.CONTRACT_ENGINE_URL ?? null;
  if (!url) {
    if (!api) {
      ctx.progress.info('the stack profile gives no HTTP API for the contract_engine role: the architect\'s dependency is not started');
      return null;
    }
    const { config } = ctx;
    const deployment = await createDeployment({
      backend: ctx.options.backend ?? config.deploy_backend,
      projectName: `${config.compose_project_name}-m2`,
      files: tierFiles({ files: ctx.profile.compose.tiers, tiers: ['infra', 'build1'] }),
      services: [api.service],
      healthTimeoutMs: config.health_check_timeout_s * 1000,
      healthIntervalMs: 250,
      requiredConsecutive: 1,
      hostPorts: 'ephemeral',
      workDir: path.join(ctx.outputDir, 'm2_deploy'),
      env: { ...process.env },
      handleSignals: false,
      onProgress: (line) => ctx.progress.detail(`[m2 contract engine] ${line}`),
    });
    ctx.cleanup.add('M2 contract engine teardown', () => deployment.down());
    const attempt = await deployForChecks(deployment);
    url = attempt.report?.services.find((s) => s.name === api.service)?.url ?? null;
    if (!url) {
      ctx.progress.info(`the contract_engine role's HTTP API (${api.service}) did not come up: ${attempt.error?.message.split('\n')[0] ?? 'no URL'}`);
      return null;
    }
  }
  const registered = await registerContractHttp(url, service, first?.[1].openapi, { timeoutMs: ctx.config.mcp_tool_timeout_ms, buildCycleId: `run4-m2-${Date.now()}` });
  ctx.progress.detail(`contract engine HTTP API on ${url}; registered a contract for ${service}: ${registered}`);
  return { url, service };
}
