import { describe, expect, it } from 'vitest';
import { ContractLoadError, extractOperations, loadContract } from '../../src/layer2/openapi-operations.js';
import { orderContract } from './fixtures/order-contract.js';

describe('loadContract / extractOperations', () => {
  it('flattens operations with parameters, bodies, responses and security', async () => {
    const c = await loadContract(structuredClone(orderContract) as never);
    const post = c.operations.find((o) => o.method === 'POST')!;
    expect(post.secured).toBe(true);
    expect(post.parameters).toEqual([{ name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string', minLength: 1 } }]);
    expect(post.requestBody?.required).toBe(true);
    expect(Object.keys(post.responses)).toEqual(['201', '400', '401']);
    expect(c.operations.find((o) => o.path === '/health')!.secured).toBe(false);
    expect(c.operations.find((o) => o.path === '/orders' && o.method === 'GET')!.responses['200']!.headers).toEqual({ 'x-total-count': { required: true, schema: { type: 'integer' } } });
  });

  it('ignores request bodies on GET', () => {
    const ops = extractOperations({ paths: { '/x': { get: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: {} } } } });
    expect(ops[0]!.requestBody).toBeUndefined();
  });

  it('rejects a document that is not OpenAPI 3 with exit code 2', async () => {
    await expect(loadContract({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} })).rejects.toBeInstanceOf(ContractLoadError);
    await expect(loadContract('/nonexistent/openapi.yaml')).rejects.toMatchObject({ exitCode: 2, code: 'CONTRACT_LOAD_FAILED' });
  });
});
