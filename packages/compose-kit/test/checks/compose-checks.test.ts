import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeGenerationCheck, composeMergeCheck, generateComposeModel, tierFiles, traefikLabelsCheck } from '../../src/index.js';
import { dockerDir, tempFiles } from '../helpers.js';

const results = [
  { service_id: 'auth-service', output_dir: '/tmp/x/auth-service', success: true },
  { service_id: 'order-service', output_dir: '/tmp/x/order-service', success: true },
];

describe('composeGenerationCheck (B3-06)', () => {
  it('PASS: file written and valid with every service', async () => {
    const { dir } = tempFiles({});
    const rec = await composeGenerationCheck(results, path.join(dir, 'docker-compose.generated.yml'));
    expect(rec).toMatchObject({ status: 'PASS', requirementIds: ['B3-06', 'R4-M4-006'] });
  });

  it('FAIL: an invalid service name, and nothing written', async () => {
    const { dir } = tempFiles({});
    const rec = await composeGenerationCheck([{ service_id: 'Order Service', output_dir: '/x' }], path.join(dir, 'g.yml'));
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('not written');
  });
});

describe('composeMergeCheck (X-08)', () => {
  it('PASS on the repo tiers plus a generated file', async () => {
    const { dir } = tempFiles({});
    const gen = path.join(dir, 'docker-compose.generated.yml');
    await composeGenerationCheck(results, gen);
    const rec = await composeMergeCheck(tierFiles({ dockerDir, generatedFile: gen }), 'p');
    expect(rec.status).toBe('PASS');
    expect(rec.data!.services).toEqual(expect.arrayContaining(['architect', 'auth-service', 'traefik', 'postgres']));
  });

  it('FAIL on a port clash with a static tier', async () => {
    const { paths } = tempFiles({ 'clash.yml': 'services:\n  rogue:\n    image: x\n    ports: ["127.0.0.1:8002:80"]\n' });
    const rec = await composeMergeCheck([...tierFiles({ dockerDir, tiers: ['infra', 'build1'] }), paths['clash.yml']!]);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(/clash\.yml \/services\/rogue\/ports\/0: host port 8002/);
  });
});

describe('traefikLabelsCheck (B3-07)', () => {
  const model = generateComposeModel(results, { projectName: 'p' });
  it('WARN when labels are right but traefik is not deployed, PASS when it is', async () => {
    expect((await traefikLabelsCheck(model, ['auth-service', 'order-service'], { traefikDeployed: false })).status).toBe('WARN');
    expect((await traefikLabelsCheck(model, ['auth-service', 'order-service'], { traefikDeployed: true })).status).toBe('PASS');
  });

  it('FAIL when the StripPrefix middleware is missing or prefixes collide', async () => {
    const broken = structuredClone(model);
    const labels = broken.services!['order-service']!.labels as Record<string, string>;
    delete labels['traefik.http.middlewares.order-service-strip.stripprefix.prefixes'];
    labels['traefik.http.routers.order-service.rule'] = 'PathPrefix(`/api/auth`)';
    const rec = await traefikLabelsCheck(broken, ['auth-service', 'order-service'], { traefikDeployed: true });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('no StripPrefix middleware');
    expect(rec.evidence).toContain('already routed to auth-service');
  });
});
