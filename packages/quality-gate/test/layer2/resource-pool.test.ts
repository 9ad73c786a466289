import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/layer2/openapi-operations.js';
import { orderForState, ResourcePool } from '../../src/layer2/resource-pool.js';

const op = (method: string, path: string): Operation => ({ method, path, parameters: [], responses: {}, secured: false });
const res = (body: unknown, type = 'application/json') => ({ status: 201, headers: { 'content-type': type }, body: JSON.stringify(body), elapsedMs: 1 });

describe('ResourcePool', () => {
  it('feeds ids of created resources to the path parameter of the same collection', () => {
    const pool = new ResourcePool();
    pool.remember('/orders', res({ id: 'a1', item: 'x' }));
    pool.remember('/orders/{id}', res({ id: 'a2' }));
    pool.remember('/users', res([{ id: 7 }, { id: 8 }, { name: 'no id' }]));
    pool.remember('/notes', res({ id: 'n' }, 'text/plain'));
    expect(pool.valuesFor('/orders/{id}', 'id')).toEqual(['a1', 'a2']);
    expect(pool.valuesFor('/users/{userId}/orders', 'userId')).toEqual([7, 8]);
    expect(pool.valuesFor('/notes/{id}', 'id')).toEqual([]);
    expect(pool.valuesFor('/orders/{id}', 'other')).toEqual([]);
  });

  it('orders operations create → read → update → delete', () => {
    const ordered = orderForState([op('DELETE', '/o/{id}'), op('GET', '/o/{id}'), op('PUT', '/o/{id}'), op('POST', '/o'), op('GET', '/health')]);
    expect(ordered.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /o', 'GET /o/{id}', 'GET /health', 'PUT /o/{id}', 'DELETE /o/{id}']);
  });
});
