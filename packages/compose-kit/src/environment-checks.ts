import { runCheck, type CheckRecord } from '@run4/checks';
import type { EngineInfo } from './deploy/engine.js';

/**
 * Node must be >= 20.19 (the engines of every Run 4 package).
 *
 * @example
 * (await checkNodeVersion({ id: 'env.node', requirementIds: [] }, '18.20.0')).status; // 'FAIL'
 */
export function checkNodeVersion(identity: Pick<CheckRecord, 'id' | 'requirementIds'>, version: string = process.versions.node): Promise<CheckRecord> {
  return runCheck({ ...identity, name: 'Node.js version >= 20.19' }, () => {
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const ok = major > 20 || (major === 20 && minor >= 19);
    return { status: ok ? 'PASS' : 'FAIL', evidence: `node ${version}${ok ? '' : ' (need >= 20.19: install a newer Node)'}` };
  });
}

/**
 * A Docker engine and compose are optional: without them the process
 * backend deploys (WARN). Only a `backend` of `docker` fails here.
 *
 * @example
 * (await checkDockerEngine(await detectEngine(), 'auto', { id: 'env.docker', requirementIds: [] })).status; // 'PASS' or 'WARN'
 */
export function checkDockerEngine(engine: EngineInfo, backend: string, identity: Pick<CheckRecord, 'id' | 'requirementIds'>): Promise<CheckRecord> {
  return runCheck({ ...identity, name: 'Docker engine and compose' }, () => {
    const data = { engine: engine.serverVersion ?? null, compose: engine.compose ? `${engine.compose.version} ${engine.compose.versionText}` : null };
    const compose = engine.compose ? `compose ${engine.compose.version} (${engine.compose.versionText})` : 'no compose';
    if (engine.available && engine.compose) return { status: 'PASS', evidence: `engine ${engine.serverVersion}, ${compose}`, data };
    const why = engine.available ? compose : (engine.reason ?? 'no Docker engine answers');
    if (backend === 'docker') return { status: 'FAIL', evidence: `deploy backend is docker but ${why} (fix: bash tools/docker-engine.sh)`, data };
    return { status: 'WARN', evidence: `${why}; the process backend will deploy`, data };
  });
}
