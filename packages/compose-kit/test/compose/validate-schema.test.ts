import { describe, expect, it } from 'vitest';
import { validateComposeSchema } from '../../src/index.js';

describe('validateComposeSchema', () => {
  it('accepts a service with build, healthcheck, depends_on conditions and memory limits', () => {
    const issues = validateComposeSchema({
      services: {
        api: {
          build: { context: '.', args: { NODE_IMAGE: 'run4/node:20-offline' } },
          healthcheck: { test: ['CMD', 'node', '-e', '1'], interval: '5s', timeout: '5s', retries: 3, start_period: '10s' },
          depends_on: { db: { condition: 'service_healthy' } },
          ports: ['127.0.0.1::8080', '8001:8000'],
          deploy: { resources: { limits: { memory: '512M' } } },
        },
        db: { image: 'postgres:16-alpine' },
      },
    }, 'ok.yml');
    expect(issues).toEqual([]);
  });

  it('rejects an unknown service key with its path and a reason naming the key', () => {
    const issues = validateComposeSchema({ services: { api: { image: 'x', colour: 'red' } } }, 'bad.yml');
    expect(issues).toEqual([expect.objectContaining({ file: 'bad.yml', path: '/services/api/colour', kind: 'schema', reason: expect.stringContaining('unknown key "colour"') })]);
  });

  it('rejects a wrongly typed value and a malformed duration', () => {
    const issues = validateComposeSchema({ services: { api: { image: 'x', healthcheck: { interval: 'soon', retries: 'three' } } } }, 'bad.yml');
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/services/api/healthcheck/interval', '/services/api/healthcheck/retries']));
  });

  it('rejects an unknown top-level key', () => {
    const issues = validateComposeSchema({ services: {}, servics: {} }, 'typo.yml');
    expect(issues[0]).toMatchObject({ path: '/servics', reason: expect.stringContaining('unknown key') });
  });
});
