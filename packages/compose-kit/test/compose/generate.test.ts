import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateComposeFile, generateComposeModel, loadComposeStack, parseTraefikRoutes, tierFiles, toStringMap } from '../../src/index.js';
import { dockerDir, tempFiles } from '../helpers.js';

const results = [
  { service_id: 'auth-service', output_dir: '/tmp/out/auth-service', success: true },
  { service_id: 'order-service', output_dir: '/tmp/out/order-service', success: true, depends_on: { 'auth-service': 'service_healthy' as const } },
  { service_id: 'notification-service', output_dir: '/tmp/out/notification-service', success: false },
];

describe('generateComposeModel', () => {
  it('creates one service per successful builder with build args, peer URLs, networks, limits and labels', () => {
    const model = generateComposeModel(results, { projectName: 'p', buildArgs: { NODE_IMAGE: '${NODE_IMAGE:-run4/node:20-offline}' }, environment: { JWT_SECRET: 's' } });
    expect(Object.keys(model.services!)).toEqual(['auth-service', 'order-service']);
    const order = model.services!['order-service']!;
    expect(order.build).toEqual({ context: '/tmp/out/order-service', args: { NODE_IMAGE: '${NODE_IMAGE:-run4/node:20-offline}' } });
    expect(order.depends_on).toEqual({ 'auth-service': { condition: 'service_healthy' } });
    expect(order.networks).toEqual(['frontend', 'backend']);
    expect(toStringMap(order.environment as never)).toMatchObject({ PORT: '8080', SERVICE_NAME: 'order-service', AUTH_SERVICE_URL: 'http://auth-service:8080', ORDER_SERVICE_URL: 'http://order-service:8080', JWT_SECRET: 's' });
    // No runtime assumed inside the image: its own HEALTHCHECK applies, Run 4 polls health from the host.
    expect(order.healthcheck).toBeUndefined();
    expect((order as { deploy: unknown }).deploy).toEqual({ resources: { limits: { memory: '512M' } } });
    expect(parseTraefikRoutes(order.labels as Record<string, string>)).toEqual([{ router: 'order-service', pathPrefix: '/api/order', stripPrefix: '/api/order', port: 8080, network: 'p_frontend' }]);
    expect(model.services!['auth-service']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('gives every service its peers by one naming rule, whatever the services are called, and a healthcheck only when asked', () => {
    const model = generateComposeModel(
      [{ service_id: 'member_api', output_dir: '/o/m' }, { service_id: 'loan-api', output_dir: '/o/l', port: 9000 }],
      { healthcheckTest: ({ port, healthPath }) => ['CMD', 'python3', '-c', `import urllib.request;urllib.request.urlopen('http://127.0.0.1:${port}${healthPath}')`] },
    );
    const loan = model.services!['loan-api']!;
    expect(toStringMap(loan.environment as never)).toMatchObject({ MEMBER_API_URL: 'http://member_api:8080', LOAN_API_URL: 'http://loan-api:9000' });
    expect(JSON.stringify(loan.healthcheck!.test)).toContain('http://127.0.0.1:9000/health');
    expect(loan.build).toEqual({ context: '/o/l' });
  });

  it('rejects a service id that is not a valid compose service name', () => {
    expect(() => generateComposeModel([{ service_id: 'Bad Name', output_dir: '/x' }])).toThrow(/service_id/);
  });
});

describe('generateComposeFile', () => {
  it('writes docker-compose.generated.yml with contexts relative to it, and it merges with the static tiers', () => {
    const { dir } = tempFiles({});
    const file = generateComposeFile(results.map((r) => ({ ...r, output_dir: path.join(dir, 'builders', r.service_id) })), path.join(dir, 'docker-compose.generated.yml'));
    const doc = parse(readFileSync(file, 'utf8')) as { services: Record<string, { build: { context: string } }> };
    expect(doc.services['auth-service']!.build.context).toBe('./builders/auth-service');
    const merged = loadComposeStack(tierFiles({ dockerDir, generatedFile: file }), { projectName: 'x' });
    expect(Object.keys(merged.model.services!)).toEqual(expect.arrayContaining(['auth-service', 'order-service', 'architect', 'traefik']));
    expect((merged.model.services!['auth-service']!.build as { context: string }).context).toBe(path.join(dir, 'builders', 'auth-service'));
  });
});
