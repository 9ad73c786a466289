import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAsyncApi } from '../../src/contracts/asyncapi.js';
import { loadOpenApi } from '../../src/contracts/openapi.js';
import { behaviourOf } from '../../src/model/behaviour.js';
import { buildServiceModel, collectionOf } from '../../src/model/service-model.js';
import { detectStateMachine } from '../../src/model/state-machine.js';
import { OWN_FIXTURES, TASKTRACKER } from '../support.js';

const byKey = (model: ReturnType<typeof buildServiceModel>) => Object.fromEntries(model.operations.map((op) => [op.key, op]));

describe('the service model derived from contracts', () => {
  it('recognises the auth-service rules: register, login (issuer), current user, health', async () => {
    const model = buildServiceModel({ name: 'auth-service', port: 8080 }, await loadOpenApi(join(TASKTRACKER, 'sample_openapi_auth.yaml')));
    const ops = byKey(model);
    expect(ops['POST /register']).toMatchObject({ behaviour: 'register', entity: 'User', collection: 'users', successStatus: 201, validationStatus: 422 });
    expect(ops['POST /login']).toMatchObject({ behaviour: 'login', collection: 'users', successStatus: 200 });
    expect(ops['GET /users/me']).toMatchObject({ behaviour: 'current-user', secured: true });
    expect(ops['GET /health']).toMatchObject({ behaviour: 'health', secured: false, contract: 'auth-api' });
    expect(model.service.issuer).toBe(true);
  });

  it('recognises the order state machine, ownership and the two published events', async () => {
    const model = buildServiceModel(
      { name: 'order-service', port: 8080 },
      await loadOpenApi(join(TASKTRACKER, 'sample_openapi_order.yaml')),
      await loadAsyncApi(join(TASKTRACKER, 'sample_asyncapi_order.yaml')),
    );
    const ops = byKey(model);
    expect(ops['POST /orders']).toMatchObject({ behaviour: 'create', entity: 'Order', ownerField: 'user_id', secured: true });
    expect(ops['PUT /orders/{id}']).toMatchObject({ behaviour: 'update', entity: 'Order' });
    expect(ops['GET /health']?.secured).toBe(false);
    expect(model.service.issuer).toBe(false);
    expect(model.service.stateMachine?.transitions).toEqual({
      pending: ['confirmed', 'cancelled'],
      confirmed: ['shipped', 'cancelled'],
      shipped: ['delivered', 'cancelled'],
      delivered: [],
      cancelled: [],
    });
    expect(model.service.events.publish.map((e) => [e.name, e.trigger, e.route, e.targetEnv, e.idField])).toEqual([
      ['OrderCreated', { entity: 'Order', on: 'create' }, '/events', 'NOTIFICATION_SERVICE_URL', 'order_id'],
      ['OrderShipped', { entity: 'Order', on: 'status', value: 'shipped' }, '/events', 'NOTIFICATION_SERVICE_URL', 'order_id'],
    ]);
  });

  it('makes notification-service an event consumer storing Notification records', async () => {
    const model = buildServiceModel(
      { name: 'notification-service', port: 8080 },
      await loadOpenApi(join(TASKTRACKER, 'sample_openapi_notification.yaml')),
      await loadAsyncApi(join(TASKTRACKER, 'sample_asyncapi_order.yaml')),
    );
    const ops = byKey(model);
    expect(ops['POST /events']?.behaviour).toBe('ingest-event');
    expect(ops['POST /notify']).toMatchObject({ behaviour: 'create', entity: 'Notification' });
    expect(ops['GET /notifications']).toMatchObject({ behaviour: 'list', entity: 'Notification', collection: 'notifications' });
    expect(model.service.events.publish).toEqual([]);
    expect(model.service.events.ingest).toEqual({ entity: 'Notification', collection: 'notifications', defaultType: 'email' });
  });

  it('a consumer whose contract has no ingest route listens on every channel route its messages are delivered to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'builder-ingest-'));
    const file = join(dir, 'events.yaml');
    writeFileSync(file, [
      'asyncapi: 3.0.0', 'info: { title: shop events, version: 1.0.0 }', 'servers: { inbox: { host: inbox, protocol: http } }',
      'channels:',
      '  Placed: { address: orders.placed, servers: [{ $ref: "#/servers/inbox" }], messages: { Placed: { name: Placed, payload: { type: object, properties: { order_id: { type: string } } } } } }',
      '  Packed: { address: orders.packed, servers: [{ $ref: "#/servers/inbox" }], messages: { Packed: { name: Packed, payload: { type: object, properties: { order_id: { type: string } } } } } }',
      'operations:',
      '  onPlaced: { action: receive, channel: { $ref: "#/channels/Placed" }, messages: [{ $ref: "#/channels/Placed/messages/Placed" }] }',
      '  onPacked: { action: receive, channel: { $ref: "#/channels/Packed" }, messages: [{ $ref: "#/channels/Packed/messages/Packed" }] }',
    ].join('\n'));
    const model = buildServiceModel({ name: 'inbox', port: 8080 }, await loadOpenApi(join(OWN_FIXTURES, 'library/openapi.yaml')), await loadAsyncApi(file));
    const ingests = model.operations.filter((op) => op.behaviour === 'ingest-event').map((op) => op.key).sort();
    expect(ingests).toEqual(['POST /events/orders.packed', 'POST /events/orders.placed']);
  });

  it('derives CRUD behaviours from any contract and adds /health when the contract has none', async () => {
    const model = buildServiceModel({ name: 'library-service', port: 9090 }, await loadOpenApi(join(OWN_FIXTURES, 'library/openapi.yaml')));
    const ops = byKey(model);
    expect(Object.fromEntries(Object.entries(ops).map(([k, op]) => [k, op.behaviour]))).toEqual({
      'GET /books': 'list',
      'POST /books': 'create',
      'GET /books/{bookId}': 'read',
      'PATCH /books/{bookId}': 'update',
      'DELETE /books/{bookId}': 'remove',
      'GET /authors': 'list',
      'GET /health': 'health',
    });
    expect(ops['GET /health']?.contract).toBeNull();
    expect(ops['DELETE /books/{bookId}']?.secured).toBe(true);
    expect(model.service.stateMachine).toBeNull();
  });

  it('falls back to generic for operations no rule covers', () => {
    expect(
      behaviourOf({ key: 'POST /reports/run', method: 'POST', path: '/reports/run', secured: false, params: [], requestBody: null, responses: { '202': { type: 'object', properties: { job: { type: 'string' } } } } }),
    ).toBe('generic');
  });

  it('names collections and detects the machine only with all five seed states', () => {
    expect([collectionOf('Order'), collectionOf('Category'), collectionOf('Address'), collectionOf('OrderItem')]).toEqual(['orders', 'categories', 'addresses', 'order_items']);
    expect(detectStateMachine('Order', { properties: { status: { enum: ['pending', 'confirmed', 'shipped'] } } })).toBeNull();
  });
});
