import type { AsyncApiContract, ContractOperation, JsonSchema, OpenApiContract } from '../contracts/types.js';
import { behaviourOf, entityOfSchema, propsOf, successStatus, type Behaviour } from './behaviour.js';
import { entityModels, type EntityModelSpec } from './entity-models.js';
import { detectStateMachine, type StateMachineSpec } from './state-machine.js';

/** One operation of the generated service (what src/routes.js lists). */
export interface OperationSpec extends ContractOperation {
  behaviour: Behaviour;
  entity?: string;
  collection?: string;
  ownerField?: string;
  successStatus: number;
  validationStatus: number;
  /** The contract the operation comes from; null for the builder's own /health. */
  contract: string | null;
}

export interface PublishSpec {
  name: string;
  route: string;
  targetEnv: string;
  payload: JsonSchema;
  idField: string;
  trigger: { entity: string; on: 'create' | 'status'; value?: string };
}

export interface ServiceSpec {
  name: string;
  port: number;
  issuer: boolean;
  healthStatus: string;
  entities: Record<string, { collection: string; schema: JsonSchema }>;
  stateMachine: StateMachineSpec | null;
  events: {
    publish: PublishSpec[];
    ingest: { entity: string; collection: string; defaultType: string } | null;
  };
  contracts: { id: string; kind: 'openapi' | 'asyncapi'; file: string }[];
  /** AsyncAPI messages this service neither publishes nor ingests. */
  unboundMessages: string[];
  /** Set on SCHEMA-001 planted builds: the service's tests ignore undocumented response fields. */
  tolerantResponses?: boolean;
}

export interface ServiceModel {
  service: ServiceSpec;
  operations: OperationSpec[];
  /** One model module per entity the OpenAPI contract defines (src/models/). */
  models: EntityModelSpec[];
}

/**
 * The storage collection of an entity.
 *
 * @example
 * collectionOf('Category'); // 'categories'
 */
export function collectionOf(entity: string): string {
  const lower = entity.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const DEFAULT_HEALTH: JsonSchema = {
  type: 'object',
  required: ['status', 'service'],
  properties: { status: { type: 'string', enum: ['healthy'] }, service: { type: 'string' } },
};

/**
 * The status for input that breaks the contract, preferring documented
 * ones: 422, else 400, else (no body, so only parameters can be wrong) 404.
 */
function validationStatusOf(op: ContractOperation): number {
  if ('422' in op.responses) return 422;
  if ('400' in op.responses) return 400;
  if (!op.requestBody && '404' in op.responses) return 404;
  return 400;
}

function pathEntity(path: string): string {
  const statics = path.split('/').filter((s) => s && !/^\{.+\}$/.test(s));
  const last = statics[statics.length - 1] ?? 'item';
  const singular = last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.endsWith('s') ? last.slice(0, -1) : last;
  return singular.replace(/(^|[-_])([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * The HTTP ingest routes of a service that consumes AsyncAPI messages but
 * whose OpenAPI document has none: one `POST <route>` per distinct route the
 * messages are delivered to (a publisher posts each message to its own
 * channel's route), taking the `{event, payload}` envelope of each message
 * delivered there, answering 202.
 */
function synthesizedIngests(asyncapi: AsyncApiContract, names: string[]): OperationSpec[] {
  const messages = asyncapi.messages.filter((m) => names.includes(m.name));
  const routes = [...new Set(messages.map((m) => m.route))];
  return (routes.length ? routes : ['/events']).map((route) => synthesizedIngest(asyncapi, messages.filter((m) => m.route === route), route));
}

function synthesizedIngest(asyncapi: AsyncApiContract, messages: AsyncApiContract['messages'], route: string): OperationSpec {
  const envelopes = messages.map((m) => ({
    type: 'object',
    additionalProperties: false,
    required: ['event', 'payload'],
    properties: { event: { type: 'string', const: m.name }, payload: m.payload },
  }));
  const error = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'string' } } } };
  return {
    key: `POST ${route}`,
    method: 'POST',
    path: route,
    secured: false,
    params: [],
    requestBody: { required: true, schema: envelopes.length === 1 ? (envelopes[0] as JsonSchema) : { oneOf: envelopes } },
    responses: {
      '202': { type: 'object', required: ['accepted', 'id'], properties: { accepted: { type: 'boolean', const: true }, id: { type: 'string', format: 'uuid' } } },
      '422': error,
    },
    behaviour: 'ingest-event',
    successStatus: 202,
    validationStatus: 422,
    contract: asyncapi.id,
  };
}

function publishedEvents(events: AsyncApiContract | undefined, ops: OperationSpec[], machine: StateMachineSpec | null, entities: string[]) {
  const publish: PublishSpec[] = [];
  const unbound: string[] = [];
  for (const message of events?.messages ?? []) {
    if (message.action !== 'send') {
      unbound.push(message.name);
      continue;
    }
    const entity = entities.filter((e) => message.name.startsWith(e)).sort((a, b) => b.length - a.length)[0];
    const rest = entity ? message.name.slice(entity.length).toLowerCase() : '';
    const creates = entity && ops.some((op) => op.behaviour === 'create' && op.entity === entity);
    let trigger: PublishSpec['trigger'] | undefined;
    if (entity && creates && rest === 'created') trigger = { entity, on: 'create' };
    else if (entity && creates && machine?.entity === entity && Object.keys(machine.transitions).includes(rest)) trigger = { entity, on: 'status', value: rest };
    if (!trigger || !entity) {
      unbound.push(message.name);
      continue;
    }
    publish.push({ name: message.name, route: message.route, targetEnv: message.targetEnv, payload: message.payload, idField: `${snake(entity)}_id`, trigger });
  }
  return { publish, unbound };
}

/**
 * Turn a service's contracts into the model the generator emits: every
 * OpenAPI operation with its behaviour, entity and collection, the health
 * route (added when the contract has none), the order state machine when an
 * entity's `status` enum holds the seed's states, and the events it
 * publishes (AsyncAPI `send` messages named `<Entity>Created` or
 * `<Entity><State>`) or ingests (an operation taking `{event, payload}`),
 * and one model module per entity the contract defines.
 *
 * @example
 * const model = buildServiceModel({ name: 'order-service', port: 8080 }, openapi, asyncapi);
 */
export function buildServiceModel(
  svc: { name: string; port: number },
  openapi: OpenApiContract,
  asyncapi?: AsyncApiContract,
): ServiceModel {
  const operations: OperationSpec[] = openapi.operations.map((op) => {
    const behaviour = behaviourOf(op);
    const status = successStatus(op);
    const entity =
      entityOfSchema(op.responses[String(status)]) ?? entityOfSchema(op.requestBody?.schema) ?? (['create', 'read', 'list', 'update', 'remove'].includes(behaviour) ? pathEntity(op.path) : undefined);
    return {
      ...op,
      behaviour,
      ...(entity ? { entity } : {}),
      successStatus: status,
      validationStatus: validationStatusOf(op),
      contract: openapi.id,
    };
  });
  const userEntity = operations.find((op) => op.behaviour === 'register')?.entity ?? 'User';
  const entityNames = new Set([...Object.keys(openapi.entities), ...operations.map((op) => op.entity).filter((e): e is string => Boolean(e))]);
  const entities: ServiceSpec['entities'] = {};
  for (const name of entityNames) entities[name] = { collection: collectionOf(name), schema: openapi.entities[name] ?? { type: 'object', properties: { id: { type: 'string' } } } };
  for (const op of operations) {
    if (['register', 'login', 'current-user'].includes(op.behaviour)) {
      op.entity = userEntity;
      entities[userEntity] ??= { collection: collectionOf(userEntity), schema: { type: 'object' } };
    }
    if (op.entity && op.behaviour !== 'health' && op.behaviour !== 'generic' && op.behaviour !== 'ingest-event') {
      op.collection = entities[op.entity]?.collection ?? collectionOf(op.entity);
      if (op.secured && propsOf(entities[op.entity]?.schema).user_id && !['register', 'login', 'current-user'].includes(op.behaviour)) op.ownerField = 'user_id';
    }
  }
  let health = operations.find((op) => op.behaviour === 'health');
  if (!health) {
    health = {
      key: 'GET /health', method: 'GET', path: '/health', secured: false, params: [], requestBody: null,
      responses: { '200': DEFAULT_HEALTH }, behaviour: 'health', successStatus: 200, validationStatus: 400, contract: null,
    };
    operations.push(health);
  }
  const healthStatus = ((propsOf(health.responses['200']).status?.enum as string[] | undefined) ?? ['healthy'])[0] ?? 'healthy';
  const machine = Object.entries(entities).map(([name, e]) => detectStateMachine(name, e.schema)).find((m) => m !== null) ?? null;
  const { publish, unbound } = publishedEvents(asyncapi, operations, machine, Object.keys(entities));
  let ingestOp = operations.find((op) => op.behaviour === 'ingest-event');
  if (!ingestOp && publish.length === 0 && unbound.length > 0 && asyncapi) {
    const ingests = synthesizedIngests(asyncapi, unbound).filter((op) => !operations.some((o) => o.key === op.key));
    operations.push(...ingests);
    ingestOp = ingests[0];
  }
  let ingest: ServiceSpec['events']['ingest'] = null;
  if (ingestOp) {
    const target = Object.entries(entities).find(([, e]) => 'message' in propsOf(e.schema) && 'user_id' in propsOf(e.schema))?.[0] ?? 'Event';
    const typeEnum = propsOf(entities[target]?.schema).type?.enum as string[] | undefined;
    ingest = { entity: target, collection: entities[target]?.collection ?? collectionOf(target), defaultType: typeEnum?.[0] ?? 'email' };
  }
  const consumed = ingest ? [] : unbound;
  return {
    service: {
      name: svc.name,
      port: svc.port,
      issuer: operations.some((op) => op.behaviour === 'login'),
      healthStatus,
      entities,
      stateMachine: machine,
      events: { publish, ingest },
      contracts: [
        { id: openapi.id, kind: 'openapi', file: openapi.file },
        ...(asyncapi ? [{ id: asyncapi.id, kind: 'asyncapi' as const, file: asyncapi.file }] : []),
      ],
      unboundMessages: consumed,
    },
    operations,
    models: entityModels(openapi.entities, openapi.id, (name) => entities[name]?.collection ?? collectionOf(name)),
  };
}
