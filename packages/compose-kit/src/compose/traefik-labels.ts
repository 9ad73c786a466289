/** Options of {@link traefikLabels}. */
export interface TraefikLabelOptions {
  /** Router/service name (defaults to the compose service name). */
  routerName?: string;
  /** Port the service listens on inside its container. */
  port: number;
  /** Public path prefix routed to the service, e.g. `/api/orders`. */
  pathPrefix: string;
  /** Docker network Traefik uses to reach the container (`traefik.docker.network`). */
  network: string;
  /** Entry point name (default `web`). */
  entrypoint?: string;
}

/**
 * Traefik v3 docker-provider labels for one service: enable, a router with a
 * `PathPrefix` rule, a StripPrefix middleware attached to it, the load
 * balancer port and the network to use.
 *
 * @example
 * traefikLabels('payments-api', { port: 8080, pathPrefix: '/api/orders', network: 'run4_frontend' });
 * // { 'traefik.enable': 'true', 'traefik.http.routers.payments-api.rule': 'PathPrefix(`/api/orders`)', ... }
 */
export function traefikLabels(service: string, options: TraefikLabelOptions): Record<string, string> {
  const name = options.routerName ?? service;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(options.pathPrefix)) {
    throw new TypeError(`invalid Traefik path prefix "${options.pathPrefix}" for ${service}: it must start with "/" and contain no backticks or spaces`);
  }
  const middleware = `${name}-strip`;
  return {
    'traefik.enable': 'true',
    [`traefik.http.routers.${name}.rule`]: `PathPrefix(\`${options.pathPrefix}\`)`,
    [`traefik.http.routers.${name}.entrypoints`]: options.entrypoint ?? 'web',
    [`traefik.http.routers.${name}.middlewares`]: middleware,
    [`traefik.http.middlewares.${middleware}.stripprefix.prefixes`]: options.pathPrefix,
    [`traefik.http.services.${name}.loadbalancer.server.port`]: String(options.port),
    'traefik.docker.network': options.network,
  };
}

/** A route parsed back from labels. */
export interface TraefikRoute {
  router: string;
  pathPrefix: string;
  stripPrefix?: string;
  port?: number;
  network?: string;
}

/**
 * Read the routes back out of Traefik labels (for verification, B3-07): which
 * path prefix goes to which port, and whether the prefix is stripped.
 *
 * @example
 * parseTraefikRoutes(traefikLabels('a', { port: 80, pathPrefix: '/a', network: 'n' }));
 */
export function parseTraefikRoutes(labels: Record<string, string>): TraefikRoute[] {
  if (labels['traefik.enable'] !== 'true') return [];
  const routes: TraefikRoute[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const m = /^traefik\.http\.routers\.([^.]+)\.rule$/.exec(key);
    const prefix = /PathPrefix\(`([^`]+)`\)/.exec(value);
    if (!m || !prefix) continue;
    const router = m[1]!;
    const mw = labels[`traefik.http.routers.${router}.middlewares`]?.split(',').map((s) => s.trim()) ?? [];
    const strip = mw.map((n) => labels[`traefik.http.middlewares.${n}.stripprefix.prefixes`]).find((v) => v !== undefined);
    const port = labels[`traefik.http.services.${router}.loadbalancer.server.port`];
    routes.push({ router, pathPrefix: prefix[1]!, ...(strip ? { stripPrefix: strip } : {}), ...(port ? { port: Number(port) } : {}), ...(labels['traefik.docker.network'] ? { network: labels['traefik.docker.network'] } : {}) });
  }
  return routes;
}
