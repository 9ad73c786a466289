import { describe, expect, it } from 'vitest';
import { mergeComposeFiles } from '../../src/index.js';

describe('mergeComposeFiles', () => {
  it('applies the compose merge rules: maps merge, ports append, volumes merge by target, command replaced', () => {
    const merged = mergeComposeFiles([
      { file: 'a.yml', model: { services: { s: { image: 'x', environment: ['A=1', 'B=2'], ports: ['1:1'], volumes: ['data:/data', '/h:/h'], command: ['a'], labels: { l1: 'x' }, healthcheck: { test: ['CMD', 'a'], interval: '5s' } } } } },
      { file: 'b.yml', model: { services: { s: { environment: { B: '3', C: '4' }, ports: ['2:2', '1:1'], volumes: [{ type: 'tmpfs', target: '/data' }], command: ['b'], labels: ['l2=y'], healthcheck: { interval: '1s' } } } } },
    ]);
    const s = merged.model.services!.s!;
    expect(s.environment).toEqual({ A: '1', B: '3', C: '4' });
    expect(s.ports).toEqual(['1:1', '2:2']);
    expect(s.volumes).toEqual(['/h:/h', { type: 'tmpfs', target: '/data' }]);
    expect(s.command).toEqual(['b']);
    expect(s.labels).toEqual({ l1: 'x', l2: 'y' });
    expect(s.healthcheck).toEqual({ test: ['CMD', 'a'], interval: '1s' });
    expect(merged.origins['/services/s/environment']).toBe('b.yml');
    expect(merged.origins['/services/s/image']).toBe('a.yml');
  });

  it('merges depends_on and networks given as lists or maps, later files winning', () => {
    const merged = mergeComposeFiles([
      { file: 'a.yml', model: { services: { s: { depends_on: ['db'], networks: ['front'] } }, networks: { front: {} } } },
      { file: 'b.yml', model: { services: { s: { depends_on: { db: { condition: 'service_healthy' }, cache: { condition: 'service_started' } }, networks: ['back'] } }, networks: { back: { internal: true } } } },
    ]);
    expect(merged.model.services!.s!.depends_on).toEqual({ db: { condition: 'service_healthy' }, cache: { condition: 'service_started' } });
    expect(Object.keys(merged.model.services!.s!.networks as object)).toEqual(['front', 'back']);
    expect(merged.model.networks).toEqual({ front: {}, back: { internal: true } });
  });
});
