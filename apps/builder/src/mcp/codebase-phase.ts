import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { McpSessions } from './open-servers.js';
import { staticCodebaseMap } from './static-map.js';

export const CODEBASE_MAP_FILE = '.agent-team/codebase_map.json';

/**
 * After generation, with Codebase Intelligence enabled: `register_artifact`
 * for every file the build wrote (when `register_artifacts`), then the
 * codebase map: from the server (`get_service_interface`,
 * `find_dependencies` per source file, `check_dead_code`) when
 * `replace_static_map`, else the static map plus the server's
 * `get_service_interface` answer (queries only). With the server enabled
 * but unavailable the static map is the fallback. Writes
 * `.agent-team/codebase_map.json`; nothing when the server is not enabled.
 *
 * @example
 * await codebasePhase(mcp, 'order-service', '/tmp/b/order-service', ['src/server.js'], log);
 */
export async function codebasePhase(mcp: McpSessions, service: string, dir: string, artifacts: readonly string[], log: (l: string) => void): Promise<void> {
  const plan = mcp.plans.codebase_intelligence;
  if (!plan.enabled) return;
  const ci = mcp.codebase;
  const report = mcp.report;
  const sources = artifacts.filter((f) => /\.(?:m?js|cjs|ts)$/.test(f));
  let map: Record<string, unknown>;
  if (ci && plan.registerArtifacts) {
    for (const file of artifacts) {
      const r = await ci.registerArtifact(join(dir, file), service);
      report.artifacts.registered += r.ok ? 1 : 0;
      if (r.value.indexed) report.artifacts.indexed += 1;
      else report.artifacts.not_indexed.push(file);
    }
    log(`mcp: register_artifact: ${report.artifacts.registered}/${artifacts.length} answered, ${report.artifacts.indexed} indexed`);
  }
  if (ci && plan.replaceStaticMap) {
    const files: Record<string, unknown> = {};
    for (const file of sources) {
      const deps = await ci.findDependencies(join(dir, file));
      files[file] = { imports: deps.value.imports, imported_by: deps.value.imported_by };
    }
    const iface = await ci.getServiceInterface(service);
    const dead = await ci.checkDeadCode(service);
    map = { source: 'codebase_intelligence', service, service_interface: iface.value, files, dead_code: dead.value };
    report.codebase_map = { source: 'codebase_intelligence', file: CODEBASE_MAP_FILE };
  } else {
    const files = await staticCodebaseMap(dir, sources);
    const iface = ci ? (await ci.getServiceInterface(service)).value : undefined;
    map = { source: 'static', service, files, ...(iface ? { service_interface: iface } : {}) };
    report.codebase_map = { source: 'static', file: CODEBASE_MAP_FILE };
    if (!ci && mcp.unavailable.codebase_intelligence !== undefined) {
      const detail = `static map of ${Object.keys(files).length} source file(s) in ${CODEBASE_MAP_FILE}`;
      report.fallbacks.push({ server: 'codebase_intelligence', fallback: 'static_codebase_map', reason: mcp.unavailable.codebase_intelligence, detail });
      log(`mcp: static codebase map (Codebase Intelligence unavailable): ${detail}`);
    }
  }
  await mkdir(join(dir, '.agent-team'), { recursive: true });
  await writeFile(join(dir, CODEBASE_MAP_FILE), `${JSON.stringify(map, null, 2)}\n`, 'utf8');
}
