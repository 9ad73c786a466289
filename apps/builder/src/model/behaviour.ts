import { ENTITY_MARK, type ContractOperation, type JsonSchema } from '../contracts/types.js';

/** What the generated handler of an operation does (see README, "TaskTracker rules"). */
export type Behaviour =
  | 'health'
  | 'register'
  | 'login'
  | 'current-user'
  | 'ingest-event'
  | 'create'
  | 'read'
  | 'list'
  | 'update'
  | 'remove'
  | 'generic';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Properties of an object schema, merged over its oneOf/anyOf/allOf branches.
 *
 * @example
 * Object.keys(propsOf({ oneOf: [{ properties: { a: {} } }, { properties: { b: {} } }] })); // ['a', 'b']
 */
export function propsOf(schema: JsonSchema | null | undefined): Record<string, JsonSchema> {
  if (!schema) return {};
  const out: Record<string, JsonSchema> = { ...(rec(schema.properties) as Record<string, JsonSchema>) };
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const b of branches) Object.assign(out, propsOf(b as JsonSchema));
  }
  return out;
}

/**
 * The lowest documented 2xx status of an operation (200 when none).
 *
 * @example
 * successStatus(createOrderOp); // 201
 */
export function successStatus(op: ContractOperation): number {
  const ok = Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .map(Number)
    .sort((a, b) => a - b);
  return ok[0] ?? 200;
}

/**
 * The entity a schema describes (itself, its array items, or a wrapper's array property).
 *
 * @example
 * entityOfSchema({ type: 'array', items: { 'x-run4-entity': 'Notification' } }); // 'Notification'
 */
export function entityOfSchema(schema: JsonSchema | null | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema[ENTITY_MARK] === 'string') return schema[ENTITY_MARK] as string;
  if (schema.type === 'array') return entityOfSchema(rec(schema.items) as JsonSchema);
  for (const sub of Object.values(rec(schema.properties))) {
    const s = rec(sub);
    if (s.type === 'array') {
      const name = entityOfSchema(rec(s.items) as JsonSchema);
      if (name) return name;
    }
  }
  return undefined;
}

const isParam = (segment: string | undefined): boolean => Boolean(segment && /^\{.+\}$/.test(segment));

function isListResponse(schema: JsonSchema | null | undefined): boolean {
  if (!schema) return false;
  if (schema.type === 'array') return true;
  return Object.values(rec(schema.properties)).some((s) => rec(s).type === 'array') && typeof schema[ENTITY_MARK] !== 'string';
}

/**
 * Pick the behaviour of one operation. TaskTracker rules come first
 * (health, register, login, current user, event ingest), then CRUD from the
 * path shape, else `generic` (validate, answer a contract-shaped body).
 *
 * @example
 * behaviourOf({ key: 'POST /orders', method: 'POST', path: '/orders', ... }); // 'create'
 */
export function behaviourOf(op: ContractOperation): Behaviour {
  const segments = op.path.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  const req = propsOf(op.requestBody?.schema);
  const res = propsOf(op.responses[String(successStatus(op))]);
  if (op.method === 'GET' && /^\/(health|healthz|ready)$/.test(op.path)) return 'health';
  if (op.method === 'POST' && 'password' in req && 'access_token' in res) return 'login';
  if (op.method === 'POST' && 'password' in req && ('email' in req || 'username' in req)) return 'register';
  if (op.method === 'GET' && last === 'me' && op.secured) return 'current-user';
  if (op.method === 'POST' && 'event' in req && 'payload' in req) return 'ingest-event';
  const response = op.responses[String(successStatus(op))];
  if (isParam(last)) {
    if (op.method === 'GET') return 'read';
    if (op.method === 'PUT' || op.method === 'PATCH') return 'update';
    if (op.method === 'DELETE') return 'remove';
    return 'generic';
  }
  if (op.method === 'GET' && isListResponse(response)) return 'list';
  if (op.method === 'POST' && entityOfSchema(response)) return 'create';
  return 'generic';
}
