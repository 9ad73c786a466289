import path from 'node:path';
import type { DeploymentOptions } from '@run4/compose-kit';
import type { PhaseContext } from './live.js';

/** The docker/ directory of the configured compose tiers. */
export function dockerDir(ctx: PhaseContext): string {
  return path.dirname(ctx.config.docker_compose_files[0] ?? path.join(ctx.installRoot, 'docker/docker-compose.infra.yml'));
}

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
    env: { ...process.env, NODE_IMAGE: config.node_image },
    // The run's own signal handling tears down through the cleanup registry.
    handleSignals: false,
    onProgress: (line) => ctx.progress.detail(`[${stage}] ${line}`),
  };
}
