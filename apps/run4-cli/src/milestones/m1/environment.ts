import { execa } from 'execa';
import { runCheck, type CheckRecord } from '@run4/checks';

export interface DockerEnvironment {
  engine: string | null;
  compose: { flavour: 'v2' | 'v1'; version: string } | null;
  error?: string;
}

async function tryRun(file: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await execa(file, args, { timeout: 8_000, reject: true });
    return stdout.trim();
  } catch {
    return null;
  }
}

/**
 * Is a Docker engine answering, and which compose is installed?
 *
 * @example
 * const env = await detectDocker(); env.engine; // '20.10.24' or null
 */
export async function detectDocker(): Promise<DockerEnvironment> {
  const engine = await tryRun('docker', ['info', '--format', '{{.ServerVersion}}']);
  const v2 = await tryRun('docker', ['compose', 'version', '--short']);
  const v1 = v2 ? null : await tryRun('docker-compose', ['version', '--short']);
  return {
    engine: engine && !engine.includes('Error') ? engine : null,
    compose: v2 ? { flavour: 'v2', version: v2 } : v1 ? { flavour: 'v1', version: v1 } : null,
  };
}

/** Node must be >= 20.19 (engines of every package). */
export function checkNodeVersion(version: string = process.versions.node): Promise<CheckRecord> {
  return runCheck({ id: 'm1.env.node', name: 'Node.js version >= 20.19', requirementIds: ['R4-M1-001'] }, () => {
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const ok = major > 20 || (major === 20 && minor >= 19);
    return { status: ok ? 'PASS' : 'FAIL', evidence: `node ${version}${ok ? '' : ' (need >= 20.19: install a newer Node)'}` };
  });
}

/** A Docker engine and compose are optional: without them the process backend deploys. */
export function checkDocker(env: DockerEnvironment, backend: string): Promise<CheckRecord> {
  return runCheck({ id: 'm1.env.docker', name: 'Docker engine and compose', requirementIds: ['R4-M1-001'] }, () => {
    const compose = env.compose ? `compose ${env.compose.flavour} ${env.compose.version}` : 'no compose';
    if (env.engine && env.compose) return { status: 'PASS', evidence: `engine ${env.engine}, ${compose}`, data: { ...env } };
    if (backend === 'docker') {
      return { status: 'FAIL', evidence: `deploy_backend is docker but ${env.engine ? compose : 'no engine answers'} (fix: bash tools/docker-engine.sh)`, data: { ...env } };
    }
    return { status: 'WARN', evidence: `${env.engine ? `engine ${env.engine}, ${compose}` : 'no Docker engine answers'}; the process backend will deploy`, data: { ...env } };
  });
}
