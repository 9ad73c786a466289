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
  it('creates one service per successful builder with build arg, healthcheck, networks, limits and labels', () => {
    const model = generateComposeModel(results, { projectName: 'p' });
    expect(Object.keys(model.services!)).toEqual(['auth-service', 'order-service']);
    const order = model.services!['order-service']!;
    expect(order.build).toEqual({ context: '/tmp/out/order-service', args: { NODE_IMAGE: '${NODE_IMAGE:-run4/node:20-offline}' } });
    expect(order.depends_on).toEqual({ 'auth-service': { condition: 'service_healthy' } });
    expect(order.networks).toEqual(['frontend', 'backend']);
    expect(toStringMap(order.environment as never)).toMatchObject({ PORT: '8080', SERVICE_NAME: 'order-service', AUTH_SERVICE_URL: 'http://auth-service:8080' });
    expect(JSON.stringify(order.healthcheck!.test)).toContain('/health');
    expect((order as { deploy: unknown }).deploy).toEqual({ resources: { limits: { memory: '512M' } } });
    expect(parseTraefikRoutes(order.labels as Record<string, string>)).toEqual([{ router: 'order-service', pathPrefix: '/api/order', stripPrefix: '/api/order', port: 8080, network: 'p_frontend' }]);
    expect(model.services!['auth-service']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
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
