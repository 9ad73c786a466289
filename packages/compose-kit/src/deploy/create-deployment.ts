import { DockerDeployment } from './docker-backend.js';
import { detectEngine, findComposeCommand } from './engine.js';
import { notifyDeploymentSpawn, ProcessDeployment } from './process-backend.js';
import type { Deployment, DeploymentOptions } from './types.js';
import { EngineUnavailableError } from '../errors.js';

/** Which backend to use: `auto` picks docker when an engine (and a compose command) answers, else process. */
export type BackendChoice = 'docker' | 'process' | 'auto';

/**
 * Create a deployment of compose files with the chosen backend. `docker`
 * throws EngineUnavailableError when no engine answers; `auto` falls back to
 * `process` and says why in the report's `backendReason`.
 *
 * @example
 * const deployment = await createDeployment({ backend: 'auto', files: tierFiles({ dockerDir: 'docker', tiers: ['infra', 'build1'] }) });
 * try {
 *   const report = await deployment.up();
 *   console.log(report.backend, report.services.map((s) => `${s.name} ${s.url}`));
 * } finally {
 *   await deployment.down();
 * }
 */
export async function createDeployment(options: DeploymentOptions & { backend?: BackendChoice }): Promise<Deployment> {
  const choice = options.backend ?? 'auto';
  if (choice === 'process') return new ProcessDeployment(options, 'process backend requested');
  const engine = await detectEngine();
  if (engine.available && engine.compose) {
    const wanted = options.compose ?? 'auto';
    const compose = wanted === 'auto' || wanted === engine.compose.version ? engine.compose : await findComposeCommand(wanted);
    if (!compose) {
      if (choice === 'docker') throw new EngineUnavailableError(`compose ${wanted} was requested but is not installed (${wanted === 'v2' ? 'run tools/compose-v2.sh' : 'apt-get install docker-compose'})`);
      return new ProcessDeployment(options, `auto: compose ${wanted} is not installed; using local processes`);
    }
    const docker = new DockerDeployment(options, compose, choice === 'auto' ? `auto: docker engine ${engine.serverVersion} answers, compose ${engine.compose.version}` : 'docker backend requested');
    notifyDeploymentSpawn({ kind: 'compose-project', project: docker.projectName, files: options.files });
    return docker;
  }
  if (choice === 'docker') throw new EngineUnavailableError(engine.reason ?? 'unknown reason');
  return new ProcessDeployment(options, `auto: ${engine.reason ?? 'no docker engine'}; using local processes`);
}
