import path from 'node:path';
import type { DeploymentOptions } from '@run4/compose-kit';
import type { PhaseContext } from './live.js';

/** Deploy settings shared by both M4 deployments, from Run4Config. */
export function deploySettings(ctx: PhaseContext, stage: string): Omit<DeploymentOptions, 'files' | 'services'> & { backend: 'auto' | 'docker' | 'process' } {
  const { config } = ctx;
  return {
    backend: ctx.options.backend ?? config.deploy_backend,
    projectName: `${config.compose_project_name}-${stage}`,
    healthTimeoutMs: config.health_check_timeout_s * 1000,
    healthIntervalMs: Math.max(250, config.health_check_interval_s * 1000),
    requiredConsecutive: config.required_consecutive_healthy,
    hostPorts: 'ephemeral',
    workDir: path.join(ctx.workDir, `deploy-${stage}`),
    env: { ...process.env },
    // The run's own signal handling tears down through the cleanup registry.
    handleSignals: false,
    onProgress: (line) => ctx.progress.detail(`[${stage}] ${line}`),
  };
}
