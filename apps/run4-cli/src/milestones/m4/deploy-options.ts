import { stageDeploymentOptions, type StageDeploymentOptions } from '@run4/compose-kit';
import type { PhaseContext } from './live.js';

/** Deploy settings shared by both M4 deployments, from Run4Config. */
export function deploySettings(ctx: PhaseContext, stage: string): StageDeploymentOptions {
  const backend = ctx.options.backend ?? ctx.config.deploy_backend;
  return stageDeploymentOptions({ ...ctx.config, backend, workDir: ctx.workDir, onProgress: (line) => ctx.progress.detail(line) }, stage);
}
