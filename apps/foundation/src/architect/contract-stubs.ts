import { entityForPath, parseField } from './prd-entities.js';
import type { ContractStub, DomainEntity, EntityField, PrdEvent, ServiceDefinition } from './schemas.js';

type Obj = Record<string, unknown>;

/**
 * JSON Schema of an entity field type written in a PRD (`UUID`, `decimal`,
 * `list[dict]`, `enum`, `datetime` ...).
 *
 * @example
 * fieldSchema({ name: 'id', type: 'uuid', required: true }); // { type: 'string', format: 'uuid' }
 */
export function fieldSchema(f: EntityField): Obj {
  if (f.enum_values) return { type: 'string', enum: f.enum_values };
  const t = f.type.toLowerCase();
  if (/^(list|array)|\[\]$/.test(t)) {
    const inner = /\[(.+)\]/.exec(t)?.[1] ?? 'string';
    return { type: 'array', items: fieldSchema({ name: f.name, type: inner, required: true }) };
  }
  if (/uuid|guid/.test(t)) return { type: 'string', format: 'uuid' };
  if (/date-?time|timestamp/.test(t)) return { type: 'string', format: 'date-time' };
  if (/^date$/.test(t)) return { type: 'string', format: 'date' };
  if (/email/.test(t)) return { type: 'string', format: 'email' };
  if (/^(int|integer|long|bigint|smallint)/.test(t)) return { type: 'integer' };
  if (/decimal|float|double|number|numeric|money|price/.test(t)) return { type: 'number' };
  if (/bool/.test(t)) return { type: 'boolean' };
  if (/dict|json|object|map|record/.test(t)) return { type: 'object' };
  return { type: 'string' };
}

function entitySchema(e: DomainEntity): Obj {
  const properties: Obj = {};
  for (const f of e.fields) properties[f.name] = fieldSchema(f);
  return { type: 'object', properties, required: e.fields.filter((f) => f.required).map((f) => f.name) };
}

const SERVER_FIELDS = /^(id|created_at|updated_at|sent_at|password_hash|deleted_at)$/;

function inputSchema(e: DomainEntity): Obj {
  const fields = e.fields.filter((f) => !SERVER_FIELDS.test(f.name) && !(f.enum_values && /status|state/.test(f.name)));
  const properties: Obj = {};
  for (const f of fields) properties[f.name] = fieldSchema(f);
  return { type: 'object', properties, required: fields.filter((f) => f.required).map((f) => f.name) };
}

function fieldsSchema(names: string[], entities: DomainEntity[], types: Record<string, string> = {}): Obj {
  const properties: Obj = {};
  for (const n of names) {
    if (types[n]) {
      properties[n] = fieldSchema(parseField(`${n} (${types[n]})`) ?? { name: n, type: types[n]!, required: true });
      continue;
    }
    const base = n.replace(/_id$/, '');
    let found: EntityField | undefined;
    for (const e of entities) {
      found = e.fields.find((f) => f.name === n) ?? (n.endsWith('_id') && e.name.toLowerCase() === base ? e.fields.find((f) => f.name === 'id') : undefined);
      if (found) break;
    }
    properties[n] = found ? fieldSchema(found) : /password|token|secret/.test(n) ? { type: 'string' } : /count|total|amount|quantity/.test(n) ? { type: 'number' } : { type: 'string' };
  }
  return { type: 'object', properties, required: names };
}

/** An Auth column asking for a bearer token (`bearer JWT`, `JWT`, `token`). */
const BEARER = /bearer|jwt|\btoken\b/i;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 422: 'Validation error', 429: 'Too many requests', 503: 'Service unavailable',
};

function operationId(method: string, path: string): string {
  const words = path.split('/').filter(Boolean).map((s) => s.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/**
 * An OpenAPI 3.1 document for a service built from its endpoints; request and
 * response schemas come from the entity the path names (or the `{fields}`
 * written next to the endpoint in the PRD).
 *
 * @example
 * openApiStub(service, entities).spec.paths['/orders'];
 */
export function openApiStub(svc: ServiceDefinition, entities: DomainEntity[], consumers: string[]): ContractStub {
  const paths: Obj = {};
  const schemas: Obj = {};
  const names = entities.map((e) => e.name);
  let secured = false;
  for (const ep of svc.endpoints) {
    const entityName = entityForPath(ep.path, names);
    const entity = entities.find((e) => e.name === entityName);
    if (entity) schemas[entity.name] = entitySchema(entity);
    const method = ep.method.toLowerCase();
    const params = [...ep.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1]!, in: 'path', required: true,
      schema: entity?.fields.find((f) => f.name === 'id' && /uuid/.test(f.type)) ? { type: 'string', format: 'uuid' } : { type: 'string' },
    }));
    const isCollection = method === 'get' && params.length === 0 && entity !== undefined && /s$/.test(ep.path.split('/').filter(Boolean).pop() ?? '');
    let responseSchema: Obj = { type: 'object' };
    if (ep.response_fields.length) responseSchema = fieldsSchema(ep.response_fields, entities);
    else if (/\/health$/.test(ep.path)) responseSchema = { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] };
    else if (entity) responseSchema = isCollection ? { type: 'array', items: { $ref: `#/components/schemas/${entity.name}` } } : { $ref: `#/components/schemas/${entity.name}` };
    const success = ep.success_status ? String(ep.success_status) : method === 'post' && !/login|token|verify|validate|search|refresh/i.test(ep.path) ? '201' : method === 'delete' ? '204' : '200';
    const responses: Obj = success === '204' ? { '204': { description: 'Deleted' } } : { [success]: { description: ep.description || 'Success', content: { 'application/json': { schema: responseSchema } } } };
    const op: Obj = { operationId: operationId(ep.method, ep.path), summary: ep.description || `${ep.method} ${ep.path}`, responses };
    if (params.length) {
      op.parameters = params;
      responses['404'] = { description: 'Not found' };
    }
    if (['post', 'put', 'patch'].includes(method)) {
      const body = ep.request_fields.length ? fieldsSchema(ep.request_fields, entities) : entity ? inputSchema(entity) : { type: 'object' };
      op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
      responses['422'] = { description: 'Validation error' };
    }
    for (const status of ep.error_statuses) responses[String(status)] ??= { description: ERROR_DESCRIPTIONS[status] ?? 'Error' };
    if (BEARER.test(ep.auth)) {
      op.security = [{ bearerAuth: [] }];
      responses['401'] ??= { description: ERROR_DESCRIPTIONS[401] };
      secured = true;
    }
    paths[ep.path] = { ...(paths[ep.path] as Obj | undefined), [method]: op };
  }
  for (const e of entities) if (e.owning_service === svc.name) schemas[e.name] = entitySchema(e);
  const spec: Obj = {
    openapi: '3.1.0',
    info: { title: `${svc.name} API`, version: '1.0.0', description: `Contract stub of ${svc.name} generated from the PRD.`, 'x-consumers': consumers },
    paths,
  };
  const components: Obj = {};
  if (Object.keys(schemas).length) components.schemas = schemas;
  if (secured) components.securitySchemes = { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } };
  if (Object.keys(components).length) spec.components = components;
  return { service_name: svc.name, type: 'openapi', version: '1.0.0', spec };
}

/**
 * An AsyncAPI 3.0 document for the events a service publishes: one channel,
 * message and `send` operation per event.
 *
 * @example
 * asyncApiStub('order-service', events, entities).spec.channels;
 */
export function asyncApiStub(service: string, events: PrdEvent[], entities: DomainEntity[]): ContractStub {
  const channels: Obj = {};
  const operations: Obj = {};
  for (const ev of events) {
    const base = entities.find((e) => ev.name.startsWith(e.name));
    let payload: Obj;
    if (ev.fields.length) payload = fieldsSchema(ev.fields.map((f) => f.name), entities, Object.fromEntries(ev.fields.filter((f) => f.type).map((f) => [f.name, f.type])));
    else if (base) {
      const props: Obj = { [`${base.name.toLowerCase()}_id`]: { type: 'string', format: 'uuid' } };
      for (const f of base.fields.filter((x) => x.name !== 'id')) props[f.name] = fieldSchema(f);
      payload = { type: 'object', properties: props, required: [`${base.name.toLowerCase()}_id`] };
    } else payload = { type: 'object' };
    channels[ev.name] = {
      address: ev.address,
      ...(ev.consumers.length ? { servers: ev.consumers.map((c) => ({ $ref: `#/servers/${c}` })) } : {}),
      messages: { [ev.name]: { name: ev.name, contentType: 'application/json', payload } },
    };
    operations[`publish${ev.name}`] = { action: 'send', channel: { $ref: `#/channels/${ev.name}` }, messages: [{ $ref: `#/channels/${ev.name}/messages/${ev.name}` }] };
  }
  const consumers = [...new Set(events.flatMap((e) => e.consumers))];
  return {
    service_name: service,
    type: 'asyncapi',
    version: '1.0.0',
    spec: {
      asyncapi: '3.0.0',
      info: { title: `${service} events`, version: '1.0.0', 'x-consumers': consumers },
      defaultContentType: 'application/json',
      // HTTP delivery to each consumer (its base URL is the deployment's; the route is per channel).
      ...(consumers.length ? { servers: Object.fromEntries(consumers.map((c) => [c, { host: c, protocol: 'http' }])) } : {}),
      channels,
      operations,
    },
  };
}
