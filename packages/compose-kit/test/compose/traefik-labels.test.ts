import { describe, expect, it } from 'vitest';
import { parseTraefikRoutes, traefikLabels } from '../../src/index.js';

describe('traefikLabels', () => {
  it('emits a v3 PathPrefix router with a StripPrefix middleware, port and docker network', () => {
    const labels = traefikLabels('order-service', { port: 8080, pathPrefix: '/api/orders', network: 'p_frontend' });
    expect(labels).toMatchObject({
      'traefik.enable': 'true',
      'traefik.http.routers.order-service.rule': 'PathPrefix(`/api/orders`)',
      'traefik.http.routers.order-service.middlewares': 'order-service-strip',
      'traefik.http.middlewares.order-service-strip.stripprefix.prefixes': '/api/orders',
      'traefik.http.services.order-service.loadbalancer.server.port': '8080',
      'traefik.docker.network': 'p_frontend',
    });
    expect(parseTraefikRoutes(labels)).toEqual([{ router: 'order-service', pathPrefix: '/api/orders', stripPrefix: '/api/orders', port: 8080, network: 'p_frontend' }]);
  });

  it('refuses a prefix that would break the rule', () => {
    expect(() => traefikLabels('a', { port: 1, pathPrefix: 'api`) || Host(`x', network: 'n' })).toThrow(/invalid Traefik path prefix/);
  });

  it('reads no route when traefik is not enabled', () => {
    const labels = traefikLabels('a', { port: 1, pathPrefix: '/a', network: 'n' });
    expect(parseTraefikRoutes({ ...labels, 'traefik.enable': 'false' })).toEqual([]);
  });
});
