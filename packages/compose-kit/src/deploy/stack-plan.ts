import { loadComposeStack } from '../compose/load.js';
import type { MergedCompose } from '../compose/merge.js';
import { type ComposeFile, type ComposeService, dependsOnMap, toStringMap } from '../compose/model.js';
import { readDockerfileCommand } from './dockerfile-command.js';
import type { DeploymentOptions } from './types.js';

/** How a service is reached for HTTP health. */
export interface HealthTarget {
  containerPort: number;
  path: string;
}

/** A validated, merged stack ready for a backend. */
export interface StackPlan {
  merged: MergedCompose;
  model: ComposeFile;
  services: string[];
  health: Record<string, HealthTarget | undefined>;
  skipped: { service: string; reason: string }[];
}

/** The port a service listens on inside its container / process. */
export function containerPortOf(svc: ComposeService): number | undefined {
  const env = toStringMap(svc.environment as never);
  if (env.PORT && /^\d+$/.test(env.PORT)) return Number(env.PORT);
  for (const p of svc.ports ?? []) {
    if (typeof p === 'object' && p.target) return p.target;
    const m = /(\d+)(?:\/\w+)?$/.exec(String(p));
    if (m) return Number(m[1]);
  }
  for (const e of svc.expose ?? []) if (/^\d+/.test(String(e))) return Number.parseInt(String(e), 10);
  const test = [svc.healthcheck?.test ?? []].flat().join(' ') || dockerfileHealthcheck(svc);
  const m = /PORT\|\|(\d+)|:(\d+)\//.exec(test);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** The image's own HEALTHCHECK text when the service is built from a Dockerfile (compose has none). */
function dockerfileHealthcheck(svc: ComposeService): string {
  if (svc.healthcheck?.test || !svc.build) return '';
  const build = typeof svc.build === 'string' ? { context: svc.build } : svc.build;
  try {
    return readDockerfileCommand(build.context ?? '.', build.dockerfile ?? 'Dockerfile').healthcheck ?? '';
  } catch {
    return '';
  }
}

/** The HTTP health path a service's healthcheck (compose, else its Dockerfile HEALTHCHECK) probes (default /health). */
export function healthPathOf(svc: ComposeService): string {
  const test = [svc.healthcheck?.test ?? []].flat().join(' ') || dockerfileHealthcheck(svc);
  const m = /(\/[A-Za-z0-9_\-./]*(?:health|ready|live)[A-Za-z0-9_\-./]*)/.exec(test);
  return m ? m[1]! : '/health';
}

/** Remove services from a model, and every depends_on entry pointing at them. */
export function withoutServices(model: ComposeFile, remove: Set<string>): ComposeFile {
  const services: Record<string, ComposeService> = {};
  for (const [name, svc] of Object.entries(model.services ?? {})) {
    if (remove.has(name)) continue;
    const deps = Object.fromEntries(Object.entries(dependsOnMap(svc)).filter(([d]) => !remove.has(d)).map(([d, c]) => [d, { condition: c }]));
    const { depends_on: _drop, ...rest } = svc;
    services[name] = Object.keys(deps).length > 0 ? { ...rest, depends_on: deps } : rest;
  }
  return { ...model, services };
}

/** The requested services plus everything they depend on (transitively). */
export function withDependencies(model: ComposeFile, wanted: string[]): Set<string> {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name) || !model.services?.[name]) return;
    out.add(name);
    for (const dep of Object.keys(dependsOnMap(model.services[name]))) visit(dep);
  };
  wanted.forEach(visit);
  return out;
}

/** Services in dependency order (dependencies first). */
export function topologicalOrder(model: ComposeFile): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done' || !model.services?.[name]) return;
    if (state.get(name) === 'visiting') throw new Error(`depends_on cycle through service "${name}"`);
    state.set(name, 'visiting');
    Object.keys(dependsOnMap(model.services[name])).forEach(visit);
    state.set(name, 'done');
    order.push(name);
  };
  Object.keys(model.services ?? {}).forEach(visit);
  return order;
}

/**
 * Load + validate + merge the files, narrow to the requested services and
 * work out each service's HTTP health target.
 *
 * @example
 * const plan = planStack({ files: tierFiles({ dockerDir: 'docker', tiers: ['infra', 'build1'] }) });
 */
export function planStack(options: DeploymentOptions, projectName: string): StackPlan {
  const merged = loadComposeStack(options.files, { env: options.env, projectName });
  let model = merged.model;
  const skipped: StackPlan['skipped'] = [];
  if (options.services && options.services.length > 0) {
    const keep = withDependencies(model, options.services);
    const missing = options.services.filter((s) => !model.services?.[s]);
    if (missing.length > 0) throw new Error(`unknown service(s) ${missing.join(', ')} in ${options.files.join(', ')}`);
    model = withoutServices(model, new Set(Object.keys(model.services ?? {}).filter((s) => !keep.has(s))));
  }
  const health: StackPlan['health'] = {};
  for (const [name, svc] of Object.entries(model.services ?? {})) {
    const port = containerPortOf(svc);
    health[name] = port === undefined ? undefined : { containerPort: port, path: options.healthPaths?.[name] ?? healthPathOf(svc) };
  }
  return { merged, model, services: Object.keys(model.services ?? {}), health, skipped };
}
