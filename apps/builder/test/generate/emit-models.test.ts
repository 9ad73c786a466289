import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi } from '../../src/contracts/openapi.js';
import { loadAsyncApi } from '../../src/contracts/asyncapi.js';
import { emitHandlers } from '../../src/generate/emit-handlers.js';
import { emitModel, jsdocType } from '../../src/generate/emit-models.js';
import { entityModels, modelBinding } from '../../src/model/entity-models.js';
import { buildServiceModel, collectionOf, type ServiceModel } from '../../src/model/service-model.js';
import { OWN_FIXTURES, removeScratch, scratch, TASKTRACKER } from '../support.js';

type ModelClass = (new (fields?: Record<string, unknown>) => { toJSON(): Record<string, unknown> }) & {
  fromRecord(record: Record<string, unknown>): { toJSON(): Record<string, unknown> };
  fields: readonly string[];
};

describe('entity model modules', () => {
  let root: string;
  let auth: ServiceModel;
  let library: ServiceModel;
  let notification: ServiceModel;

  beforeAll(async () => {
    root = await scratch('models');
    auth = buildServiceModel({ name: 'auth-service', port: 8080 }, await loadOpenApi(join(TASKTRACKER, 'sample_openapi_auth.yaml')));
    library = buildServiceModel({ name: 'library-service', port: 8080 }, await loadOpenApi(join(OWN_FIXTURES, 'library/openapi.yaml')));
    notification = buildServiceModel(
      { name: 'notification-service', port: 8080 },
      await loadOpenApi(join(TASKTRACKER, 'sample_openapi_notification.yaml')),
      await loadAsyncApi(join(TASKTRACKER, 'sample_asyncapi_order.yaml')),
    );
  });

  afterAll(() => removeScratch(root));

  async function load(model: ServiceModel, entity: string): Promise<{ source: string; cls: ModelClass }> {
    const spec = model.models.find((m) => m.entity === entity);
    if (!spec) throw new Error(`no model for ${entity}`);
    const source = emitModel(spec);
    const file = join(root, model.service.name, spec.file);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, source);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, ModelClass>;
    const cls = mod[spec.className];
    if (!cls) throw new Error(`${spec.file} does not export ${spec.className}`);
    return { source, cls };
  }

  it('gives every component schema with an id its own module, and nothing else', () => {
    expect(auth.models.map((m) => [m.entity, m.className, m.file])).toEqual([['User', 'User', 'src/models/user.js']]);
    expect(library.models.map((m) => [m.entity, m.className, m.file])).toEqual([
      ['Book', 'Book', 'src/models/book.js'],
      ['Author', 'Author', 'src/models/author.js'],
    ]);
    // Notification-service stores raw events nowhere: only the contract's Notification gets a model.
    expect(notification.models.map((m) => m.entity)).toEqual(['Notification']);
  });

  it('makes class and file names valid and unique for awkward schema names', () => {
    const id = { type: 'object', properties: { id: { type: 'string' } } };
    const models = entityModels({ 'order.v1': id, OrderV1: id, '2fa-device': id }, 'c', collectionOf);
    expect(models.map((m) => [m.className, m.file])).toEqual([
      ['OrderV1', 'src/models/order-v1.js'],
      ['OrderV12', 'src/models/order-v1-2.js'],
      ['Model2faDevice', 'src/models/2fa-device.js'],
    ]);
  });

  it('emits a class whose JSDoc lists each field with its type and whether it is required', async () => {
    const { source, cls } = await load(notification, 'Notification');
    expect(source).toMatch(/^export class Notification \{$/m);
    expect(source).toContain(' * @property {string} id - required, format uuid');
    expect(source).toContain(' * @property {"email"|"sms"} type - required');
    expect(source).toContain(' * @property {string} [order_id] - optional, format uuid');
    expect(cls.fields).toEqual(['id', 'user_id', 'type', 'message', 'sent_at', 'order_id']);
    expect(jsdocType({ type: ['string', 'null'] })).toBe('string|null');
    expect(jsdocType({ type: 'array', items: { type: 'integer' } })).toBe('Array<number>');
  });

  it('keeps only the contract fields of a record: a stored password_hash never reaches toJSON', async () => {
    const { cls } = await load(auth, 'User');
    const stored = { id: 'u1', email: 'a@example.com', password_hash: 'scrypt$aa$bb', created_at: '2026-01-01T00:00:00Z', internal: 1 };
    const user = cls.fromRecord(stored);
    expect(user).toBeInstanceOf(cls);
    expect(user.toJSON()).toEqual({ id: 'u1', email: 'a@example.com', created_at: '2026-01-01T00:00:00Z' });
    expect(JSON.parse(JSON.stringify(user))).not.toHaveProperty('password_hash');
    expect(new cls({ id: 'u2' }).toJSON()).toEqual({ id: 'u2' });
  });

  it('binds models to the handlers that return records: one record, a list, or a list wrapper', () => {
    const op = (model: ServiceModel, key: string) => {
      const found = model.operations.find((o) => o.key === key);
      if (!found) throw new Error(key);
      return modelBinding(found, model.models);
    };
    expect(op(auth, 'POST /register')).toMatchObject({ shape: 'record', model: { entity: 'User' } });
    expect(op(auth, 'GET /users/me')).toMatchObject({ shape: 'record', model: { entity: 'User' } });
    expect(op(auth, 'POST /login')).toBeUndefined();
    expect(op(auth, 'GET /health')).toBeUndefined();
    expect(op(library, 'GET /books')).toMatchObject({ shape: 'wrapper', wrapperKeys: ['books'], model: { entity: 'Book' } });
    expect(op(library, 'GET /authors')).toMatchObject({ shape: 'array', model: { entity: 'Author' } });
    expect(op(library, 'DELETE /books/{bookId}')).toBeUndefined();
    expect(op(notification, 'GET /notifications')).toMatchObject({ shape: 'array' });
    expect(op(notification, 'POST /events')).toBeUndefined();

    const handlers = emitHandlers(library.operations, new Set(), library.models);
    expect(handlers).toContain("import { Book } from './models/book.js';");
    expect(handlers).toContain('result.body.books = result.body.books.map((record) => Book.fromRecord(record).toJSON());');
    expect(handlers).toContain('result.body = result.body.map((record) => Author.fromRecord(record).toJSON());');
  });

  it('imports a model under another name when a handler already has its class name', () => {
    const renamed = { ...library, operations: library.operations.map((o) => (o.key === 'GET /authors' ? { ...o, operationId: 'Book' } : o)) };
    const handlers = emitHandlers(renamed.operations, new Set(), renamed.models);
    expect(handlers).toContain("import { Book as BookModel } from './models/book.js';");
    expect(handlers).toMatch(/^export function Book\(ctx\) \{$/m);
    expect(handlers).toContain('BookModel.fromRecord(result.body).toJSON()');
  });
});
