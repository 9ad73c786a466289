import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectMcp, tempDir } from '../helpers/servers.js';

const ORDER_SPEC = {
  openapi: '3.1.0',
  info: { title: 'order-service API', version: '1.0.0', 'x-consumers': ['notification-service'] },
  paths: {
    '/orders': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'number' } } } } } },
        responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
      },
    },
    '/orders/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          '404': { description: 'missing' },
        },
      },
    },
  },
  components: {
    schemas: {
      Order: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'status', 'total'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['pending', 'confirmed', 'shipped'] },
          total: { type: 'number' },
          note: { type: 'string' },
        },
      },
    },
  },
};

describe('contract-engine over MCP stdio', () => {
  let client: Client;
  const tmp = tempDir('ce');
  let contractId = '';

  beforeAll(async () => {
    client = await connectMcp('contract-engine', { DATABASE_PATH: join(tmp.dir, 'contracts.db') });
  });
  afterAll(async () => {
    await client?.close();
    tmp.cleanup();
  });

  it('lists exactly the 9 tools of seed 003 section 1.2', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['check_breaking_changes', 'create_contract', 'generate_tests', 'get_contract', 'get_unimplemented_contracts', 'list_contracts', 'mark_implemented', 'validate_endpoint', 'validate_spec']);
  });

  it('validate_spec accepts a valid OpenAPI document and rejects a broken one with errors', async () => {
    const ok = await call(client, 'validate_spec', { spec: ORDER_SPEC, type: 'openapi' });
    expect(ok.json).toMatchObject({ valid: true, errors: [] });
    const bad = await call(client, 'validate_spec', { spec: { openapi: '3.1.0', info: { title: 'x' }, paths: {} }, type: 'openapi' });
    expect(bad.json).toMatchObject({ valid: false });
    expect((bad.json as { errors: string[] }).errors.join(' ')).toMatch(/version/);
  });

  it('validate_spec validates AsyncAPI 3.0 and JSON Schema with real parsers', async () => {
    const asyncOk = await call(client, 'validate_spec', { type: 'asyncapi', spec: { asyncapi: '3.0.0', info: { title: 'e', version: '1' }, channels: { c: { address: 'a.b', messages: { M: { payload: { type: 'object' } } } } } } });
    expect(asyncOk.json).toMatchObject({ valid: true });
    const asyncBad = await call(client, 'validate_spec', { type: 'asyncapi', spec: { asyncapi: '3.0.0', info: { title: 'e' }, channels: 7 } });
    expect(asyncBad.json).toMatchObject({ valid: false });
    const jsOk = await call(client, 'validate_spec', { type: 'json_schema', spec: { type: 'object', properties: { a: { type: 'string' } } } });
    expect(jsOk.json).toMatchObject({ valid: true });
    const jsBad = await call(client, 'validate_spec', { type: 'json_schema', spec: { type: 'no-such-type' } });
    expect(jsBad.json).toMatchObject({ valid: false });
  });

  it('create_contract stores a spec with the sha256 of its key-sorted JSON and get_contract returns it', async () => {
    const r = await call(client, 'create_contract', { service_name: 'order-service', type: 'openapi', version: '1.0.0', spec: ORDER_SPEC, build_cycle_id: 'cycle-1' });
    expect(r.isError).toBe(false);
    const created = r.json as { id: string; status: string; spec_hash: string };
    expect(created.spec_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.structured).toEqual(created);
    contractId = created.id;
    const got = await call(client, 'get_contract', { contract_id: contractId });
    expect(got.json).toMatchObject({ id: contractId, service_name: 'order-service', spec_hash: created.spec_hash, spec: ORDER_SPEC });
  });

  it('create_contract is immutable per build_cycle_id: a different spec in the same cycle is an error', async () => {
    const changed = { ...ORDER_SPEC, info: { ...ORDER_SPEC.info, title: 'changed' } };
    const r = await call(client, 'create_contract', { service_name: 'order-service', type: 'openapi', version: '1.0.0', spec: changed, build_cycle_id: 'cycle-1' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/immutable/);
    const same = await call(client, 'create_contract', { service_name: 'order-service', type: 'openapi', version: '1.0.0', spec: ORDER_SPEC, build_cycle_id: 'cycle-1' });
    expect((same.json as { id: string }).id).toBe(contractId);
  });

  it('create_contract rejects an invalid spec', async () => {
    const r = await call(client, 'create_contract', { service_name: 'x', type: 'openapi', version: '1', spec: { openapi: '3.1.0' } });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/invalid/);
  });

  it('list_contracts paginates', async () => {
    for (const v of ['2.0.0', '3.0.0']) await call(client, 'create_contract', { service_name: 'order-service', type: 'openapi', version: v, spec: ORDER_SPEC });
    const page1 = (await call(client, 'list_contracts', { service_name: 'order-service', page_size: 2 })).json as { items: unknown[]; total: number; page: number };
    expect(page1.total).toBe(3);
    expect(page1.items).toHaveLength(2);
    const page2 = (await call(client, 'list_contracts', { service_name: 'order-service', page: 2, page_size: 2 })).json as { items: unknown[] };
    expect(page2.items).toHaveLength(1);
    const defaults = (await call(client, 'list_contracts', {})).json as { page: number; page_size: number };
    expect(defaults).toMatchObject({ page: 1, page_size: 50 });
  });

  it('validate_endpoint resolves templated paths and reports type errors on optional fields and extra fields', async () => {
    const good = await call(client, 'validate_endpoint', { service_name: 'order-service', method: 'GET', path: '/orders/42', response_body: { id: '42', status: 'pending', total: 3 } });
    expect(good.json).toEqual({ valid: true, violations: [] });
    const bad = await call(client, 'validate_endpoint', { service_name: 'order-service', method: 'GET', path: '/orders/42', response_body: { id: '42', status: 'pending', total: 3, note: 5, extra: true }, status_code: 200 });
    const v = bad.json as { valid: boolean; violations: { field: string; expected: string; actual: string; severity: string }[] };
    expect(v.valid).toBe(false);
    expect(v.violations).toContainEqual({ field: 'note', expected: 'string', actual: 'integer', severity: 'error' });
    expect(v.violations.some((x) => x.field === 'extra' && /additionalProperties/.test(x.expected))).toBe(true);
    const missing = await call(client, 'validate_endpoint', { service_name: 'order', method: 'GET', path: '/orders/1', response_body: { id: '1', status: 'pending' } });
    expect((missing.json as { violations: { field: string }[] }).violations.map((x) => x.field)).toContain('total');
  });

  it('generate_tests returns a pytest file that python parses and a vitest file TypeScript parses, with negative cases', async () => {
    const py = (await call(client, 'generate_tests', { contract_id: contractId })).json as string;
    expect(py).toMatch(/def test_post_orders_positive/);
    expect(py).toMatch(/rejects_invalid_body/);
    const file = join(tmp.dir, 'test_contract.py');
    writeFileSync(file, py);
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file]);
    const vt = (await call(client, 'generate_tests', { contract_id: contractId, framework: 'vitest', include_negative: false })).json as string;
    const sf = ts.createSourceFile('c.test.ts', vt, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
    expect(vt).toMatch(/it\("post_orders_positive"/);
    expect(vt).not.toMatch(/rejects_invalid_body/);
  });

  it('check_breaking_changes reports removed paths and fields, type changes, new required fields and removed enum values', async () => {
    const next = structuredClone(ORDER_SPEC) as typeof ORDER_SPEC & { paths: Record<string, unknown> };
    delete (next.paths as Record<string, unknown>)['/orders/{id}'];
    const order = next.components.schemas.Order as { properties: Record<string, unknown>; required: string[] };
    delete order.properties.note;
    order.properties.total = { type: 'string' };
    order.properties.status = { type: 'string', enum: ['pending', 'confirmed'] };
    const body = (next.paths['/orders'] as { post: { requestBody: { content: { 'application/json': { schema: { required: string[]; properties: Record<string, unknown> } } } } } }).post.requestBody.content['application/json'].schema;
    body.required.push('currency');
    body.properties.currency = { type: 'string' };
    const changes = (await call(client, 'check_breaking_changes', { contract_id: contractId, new_spec: next })).json as { change_type: string; path: string; severity: string; affected_consumers: string[] }[];
    const types = changes.map((c) => c.change_type);
    expect(types).toEqual(expect.arrayContaining(['path_removed', 'field_removed', 'type_changed', 'required_field_added', 'enum_value_removed']));
    expect(changes.every((c) => c.affected_consumers.includes('notification-service'))).toBe(true);
    const none = (await call(client, 'check_breaking_changes', { contract_id: contractId, new_spec: ORDER_SPEC })).json;
    expect(none).toEqual([]);
  });

  it('handles AsyncAPI contracts: message tests that python parses, removed channels and payload fields as breaking', async () => {
    const events = { asyncapi: '3.0.0', info: { title: 'order events', version: '1', 'x-consumers': ['notification-service'] }, channels: { OrderCreated: { address: 'orders.created', messages: { OrderCreated: { payload: { type: 'object', required: ['order_id'], properties: { order_id: { type: 'string' }, total: { type: 'number' } } } } } }, OrderShipped: { address: 'orders.shipped', messages: { OrderShipped: { payload: { type: 'object' } } } } } };
    const id = ((await call(client, 'create_contract', { service_name: 'order-service', type: 'asyncapi', version: '1.0.0', spec: events })).json as { id: string }).id;
    const py = (await call(client, 'generate_tests', { contract_id: id })).json as string;
    const file = join(tmp.dir, 'test_events.py');
    writeFileSync(file, py);
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file]);
    expect(py).toMatch(/def test_orderCreated_orderCreated_invalid_payload_rejected|def test_ordercreated_ordercreated_invalid_payload_rejected/);
    const next = structuredClone(events) as unknown as { channels: Record<string, { messages: Record<string, { payload: { properties: Record<string, unknown> } }> }> };
    delete next.channels.OrderShipped;
    delete next.channels.OrderCreated!.messages.OrderCreated!.payload.properties.total;
    const changes = (await call(client, 'check_breaking_changes', { contract_id: id, new_spec: next })).json as { change_type: string; path: string }[];
    expect(changes.map((c) => `${c.change_type} ${c.path}`).sort()).toEqual(['channel_removed OrderShipped', 'field_removed OrderCreated.OrderCreated.payload.total']);
  });

  it('check_breaking_changes reports a removed operation and a removed response status, and additions as info', async () => {
    const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } };
    const base = { openapi: '3.1.0', info: { title: 'ops', version: '1' }, paths: { '/things/{id}': { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], get: { responses: { '200': ok, '404': { description: 'missing' } } }, delete: { responses: { '204': { description: 'gone' } } } } } };
    const id = ((await call(client, 'create_contract', { service_name: 'things-service', type: 'openapi', version: '1', spec: base })).json as { id: string }).id;
    const next = structuredClone(base) as { paths: Record<string, Record<string, unknown>> };
    delete next.paths['/things/{id}']!.delete;
    delete (next.paths['/things/{id}']!.get as { responses: Record<string, unknown> }).responses['404'];
    next.paths['/things'] = { get: { responses: { '200': ok } } };
    const changes = (await call(client, 'check_breaking_changes', { contract_id: id, new_spec: next })).json as { change_type: string; path: string; severity: string }[];
    expect(changes.map((c) => `${c.severity} ${c.change_type} ${c.path}`).sort()).toEqual([
      'error operation_removed DELETE /things/{id}',
      'error response_removed GET /things/{id} 404',
      'info path_added /things',
    ]);
  });

  it('mark_implemented and get_unimplemented_contracts track the gap', async () => {
    const before = (await call(client, 'get_unimplemented_contracts', { service_name: 'order-service' })).json as { id: string }[];
    expect(before.map((c) => c.id)).toContain(contractId);
    const r = await call(client, 'mark_implemented', { contract_id: contractId, service_name: 'order-service', evidence_path: 'src/server.js' });
    expect(r.json).toMatchObject({ marked: true, total_implementations: 1, all_implemented: false });
    const after = (await call(client, 'get_unimplemented_contracts', {})).json as { id: string; status: string }[];
    expect(after.map((c) => c.id)).not.toContain(contractId);
    expect(after.every((c) => c.status === 'pending')).toBe(true);
  });

  it.each([
    ['create_contract', { service_name: 'x', type: 'openapi', version: '1', spec: 'not-an-object' }],
    ['create_contract', { service_name: 'x', type: 'graphql', version: '1', spec: {} }],
    ['validate_spec', { spec: {} }],
    ['list_contracts', { page: 'one' }],
    ['get_contract', { contract_id: 'no-such-id' }],
    ['get_contract', {}],
    ['validate_endpoint', { service_name: 'x', method: 'GET', path: '/a', response_body: [] }],
    ['generate_tests', { contract_id: 'no-such-id' }],
    ['generate_tests', { contract_id: 'x', framework: 'junit' }],
    ['check_breaking_changes', { contract_id: 'no-such-id', new_spec: {} }],
    ['mark_implemented', { contract_id: 'no-such-id', service_name: 'a', evidence_path: 'b' }],
    ['get_unimplemented_contracts', { service_name: 5 }],
  ])('%s answers invalid input %j with isError and keeps serving', async (tool, args) => {
    const r = await call(client, tool, args);
    expect(r.isError).toBe(true);
    expect(r.text.length).toBeGreaterThan(10);
    const still = await call(client, 'list_contracts', {});
    expect(still.isError).toBe(false);
  });
});
