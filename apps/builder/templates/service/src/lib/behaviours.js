// Operation behaviours. The builder picks one per contract operation (see
// the builder README: CRUD from the path shape, TaskTracker rules from the
// operation's schemas) and records it in src/routes.js.
import { randomUUID, scryptSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http.js';
import { signJwt } from './jwt.js';
import { sample, branchFor } from './schema.js';

const now = () => new Date().toISOString();

function idParam(ctx) {
  const names = Object.keys(ctx.params);
  return ctx.params[names[names.length - 1]];
}

function owned(ctx, record) {
  if (!record) return false;
  if (!ctx.op.ownerField || !ctx.user) return true;
  return record[ctx.op.ownerField] === ctx.user.id;
}

function mustFind(ctx) {
  const record = ctx.store.get(ctx.op.collection, idParam(ctx));
  if (!owned(ctx, record)) throw new HttpError(404, 'not_found', `no ${ctx.op.entity ?? 'resource'} ${idParam(ctx)}`);
  return record;
}

function entitySchema(ctx) {
  return ctx.service.entities[ctx.op.entity]?.schema ?? ctx.op.responses[ctx.op.successStatus] ?? {};
}

function stampTimes(schema, record) {
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (record[key] === undefined && sub.format === 'date-time' && /(created|sent|updated)_at$/.test(key)) record[key] = now();
  }
}

function machineFor(ctx) {
  const m = ctx.service.stateMachine;
  return m && m.entity === ctx.op.entity ? m : null;
}

export function health(ctx) {
  return { status: 200, body: { status: ctx.service.healthStatus, service: ctx.service.name } };
}

export function create(ctx) {
  const schema = entitySchema(ctx);
  const record = { ...(ctx.body ?? {}), id: randomUUID() };
  if (ctx.op.ownerField && ctx.user) record[ctx.op.ownerField] = ctx.user.id;
  const machine = machineFor(ctx);
  if (machine) record[machine.field] = machine.initial;
  stampTimes(schema, record);
  ctx.store.insert(ctx.op.collection, record);
  ctx.events.emit(ctx.op.entity, { type: 'create' }, record, ctx.trace);
  return { status: ctx.op.successStatus, body: record };
}

export function read(ctx) {
  return { status: ctx.op.successStatus, body: mustFind(ctx) };
}

export function list(ctx) {
  const filters = Object.entries(ctx.query).filter(([, v]) => v !== undefined);
  const rows = ctx.store
    .list(ctx.op.collection, (row) => owned(ctx, row) && filters.every(([k, v]) => row[k] === undefined || String(row[k]) === String(v)))
    .slice()
    .reverse();
  const schema = ctx.op.responses[ctx.op.successStatus] ?? { type: 'array' };
  if (schema.type === 'array') return { status: ctx.op.successStatus, body: rows };
  const wrapper = {};
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (sub.type === 'array') wrapper[key] = rows;
    else if (/^(total|count)$/.test(key)) wrapper[key] = rows.length;
  }
  return { status: ctx.op.successStatus, body: wrapper };
}

export function update(ctx) {
  const record = mustFind(ctx);
  const patch = { ...(ctx.body ?? {}) };
  delete patch.id;
  const machine = machineFor(ctx);
  let transition = null;
  if (machine && patch[machine.field] !== undefined && patch[machine.field] !== record[machine.field]) {
    const from = record[machine.field];
    const to = patch[machine.field];
    if (!(machine.transitions[from] ?? []).includes(to)) {
      throw new HttpError(409, 'invalid_transition', `cannot move ${ctx.op.entity} from ${from} to ${to}`, [`allowed from ${from}: ${(machine.transitions[from] ?? []).join(', ') || 'none'}`]);
    }
    transition = { type: 'status', from, to };
  }
  if (entitySchema(ctx).properties?.updated_at) patch.updated_at = now();
  const updated = ctx.store.update(ctx.op.collection, record.id, patch);
  if (transition) {
    ctx.logger.info('state transition', { entity: ctx.op.entity, id: record.id, from: transition.from, to: transition.to, trace_id: ctx.trace.traceId });
    ctx.events.emit(ctx.op.entity, transition, updated, ctx.trace);
  }
  return { status: ctx.op.successStatus, body: updated };
}

export function remove(ctx) {
  const record = mustFind(ctx);
  ctx.store.remove(ctx.op.collection, record.id);
  return { status: ctx.op.successStatus, body: ctx.op.responses[ctx.op.successStatus] ? record : undefined };
}

function hashSecret(plain) {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(plain, salt, 32).toString('hex')}`;
}

function secretMatches(plain, stored) {
  const [scheme, saltHex, hashHex] = String(stored).split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(plain, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}

export function register(ctx) {
  const { email, password } = ctx.body;
  if (ctx.store.find(ctx.op.collection, (u) => u.email === email)) throw new HttpError(409, 'email_taken', `email ${email} is already registered`);
  const user = { id: randomUUID(), email, password_hash: hashSecret(password), created_at: now() };
  ctx.store.insert(ctx.op.collection, user);
  ctx.logger.info('user registered', { user_id: user.id, trace_id: ctx.trace.traceId });
  return { status: ctx.op.successStatus, body: user };
}

export function login(ctx) {
  const { email, password } = ctx.body;
  const user = ctx.store.find(ctx.op.collection, (u) => u.email === email);
  if (!user || !secretMatches(password, user.password_hash)) throw new HttpError(401, 'invalid_credentials', 'email or password is wrong');
  const secret = ctx.env.JWT_SECRET;
  if (!secret) throw new HttpError(503, 'auth_unavailable', 'JWT_SECRET is not set on this service');
  const ttl = Number(ctx.env.JWT_TTL_SECONDS || 3600);
  const body = {
    access_token: signJwt({ sub: user.id, email: user.email, type: 'access' }, secret, ttl),
    refresh_token: signJwt({ sub: user.id, type: 'refresh' }, secret, ttl * 24),
    token_type: 'bearer',
    expires_in: ttl,
  };
  ctx.logger.info('session issued', { user_id: user.id, trace_id: ctx.trace.traceId });
  return { status: ctx.op.successStatus, body };
}

export function currentUser(ctx) {
  const user = ctx.store.get(ctx.op.collection, ctx.user?.id);
  if (!user) throw new HttpError(401, 'unauthorized', 'the credential belongs to no known user');
  return { status: ctx.op.successStatus, body: user };
}

export function ingestEvent(ctx) {
  const ingest = ctx.service.events.ingest;
  const envelope = ctx.body ?? {};
  const payload = envelope.payload ?? {};
  const name = envelope.event ?? 'event';
  const words = String(name).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const subjectKey = Object.keys(payload).find((k) => k.endsWith('_id') && k !== 'user_id') ?? 'id';
  const subject = payload[subjectKey] ?? '';
  const notifies = Boolean(ctx.service.entities[ingest.entity]?.schema?.properties?.message);
  const record = !notifies ? { id: randomUUID(), event: name, payload, received_at: now(), trace_id: ctx.trace.traceId } : {
    id: randomUUID(),
    user_id: payload.user_id,
    type: ingest.defaultType,
    message: `${words.charAt(0).toUpperCase()}${words.slice(1)}: ${subject}`.trim(),
    order_id: payload.order_id,
    sent_at: now(),
    created_at: now(),
    event: name,
    trace_id: ctx.trace.traceId,
  };
  ctx.store.insert(ingest.collection, record);
  ctx.logger.info('event received', { event: name, notification_id: record.id, trace_id: ctx.trace.traceId });
  const response = ctx.op.responses[ctx.op.successStatus] ?? {};
  const body = {};
  for (const key of Object.keys(response.properties ?? {})) {
    if (key === 'accepted') body[key] = true;
    else if (/_id$/.test(key) || key === 'id') body[key] = record.id;
  }
  return { status: ctx.op.successStatus, body };
}

export function generic(ctx) {
  const schema = ctx.op.responses[ctx.op.successStatus];
  const base = schema ? sample(branchFor(schema, ctx.body ?? {})) : undefined;
  const body = base && typeof base === 'object' && !Array.isArray(base) && ctx.body && typeof ctx.body === 'object' ? { ...base, ...ctx.body } : base;
  return { status: ctx.op.successStatus, body };
}
