import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { matchPath } from '../../src/contract-engine/openapi-walk.js';
import { specHash } from '../../src/contract-engine/spec-hash.js';

describe('specHash', () => {
  it('equals Python hashlib.sha256(json.dumps(spec, sort_keys=True)) and ignores key order', () => {
    const spec = { paths: { '/b': { get: {} }, '/a': [1, 2.5, null, true] }, openapi: '3.1.0', info: { version: '1', title: 'Tâche ✓ 😀' } };
    const py = execFileSync('python3', ['-c', 'import hashlib,json,sys; print(hashlib.sha256(json.dumps(json.loads(sys.argv[1]), sort_keys=True).encode()).hexdigest())', JSON.stringify(spec)]).toString().trim();
    expect(specHash(spec)).toBe(py);
    expect(specHash({ info: spec.info, openapi: '3.1.0', paths: spec.paths })).toBe(py);
    expect(specHash({ ...spec, openapi: '3.0.0' })).not.toBe(py);
  });
});

describe('matchPath', () => {
  it('resolves concrete paths to templates, preferring literal segments', () => {
    expect(matchPath('/orders/42', ['/orders', '/orders/{id}'])).toBe('/orders/{id}');
    expect(matchPath('/users/me', ['/users/{id}', '/users/me'])).toBe('/users/me');
    expect(matchPath('/orders/42/', ['/orders/:id'])).toBe('/orders/:id');
    expect(matchPath('/orders/42/items', ['/orders/{id}'])).toBeUndefined();
  });
});
