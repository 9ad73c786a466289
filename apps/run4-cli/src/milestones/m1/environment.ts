import { runCheck, type CheckRecord } from '@run4/checks';
import type { EngineInfo } from '@run4/compose-kit';

/** Node must be >= 20.19 (engines of every package). */
export function checkNodeVersion(version: string = process.versions.node): Promise<CheckRecord> {
  return runCheck({ id: 'm1.env.node', name: 'Node.js version >= 20.19', requirementIds: ['R4-M1-001'] }, () => {
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const ok = major > 20 || (major === 20 && minor >= 19);
    return { status: ok ? 'PASS' : 'FAIL', evidence: `node ${version}${ok ? '' : ' (need >= 20.19: install a newer Node)'}` };
  });
}

/**
 * A Docker engine and compose are optional: without them the process
 * backend deploys. Only a config that demands docker fails here.
 */
export function checkDocker(engine: EngineInfo, backend: string): Promise<CheckRecord> {
  return runCheck({ id: 'm1.env.docker', name: 'Docker engine and compose', requirementIds: ['R4-M1-001'] }, () => {
    const data = { engine: engine.serverVersion ?? null, compose: engine.compose ? `${engine.compose.version} ${engine.compose.versionText}` : null };
    const compose = engine.compose ? `compose ${engine.compose.version} (${engine.compose.versionText})` : 'no compose';
    if (engine.available && engine.compose) return { status: 'PASS', evidence: `engine ${engine.serverVersion}, ${compose}`, data };
    const why = engine.available ? compose : (engine.reason ?? 'no Docker engine answers');
    if (backend === 'docker') return { status: 'FAIL', evidence: `deploy backend is docker but ${why} (fix: bash tools/docker-engine.sh)`, data };
    return { status: 'WARN', evidence: `${why}; the process backend will deploy`, data };
  });
}
