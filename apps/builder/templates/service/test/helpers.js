// Test helpers shared by the generated tests: start the service in-process
// on an ephemeral loopback port with its own data dir, call it, and build
// contract-valid inputs from the operation table in src/routes.js.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server.js';
import { operations, service } from '../src/routes.js';
import { handlers } from '../src/handlers.js';
import { signJwt, verifyJwt } from '../src/lib/jwt.js';
import { sample } from '../src/lib/schema.js';

export { operations, service, handlers };
export const implemented = operations.filter((op) => typeof handlers[op.key] === 'function');
export const signingKey = randomBytes(24).toString('hex');
/** Per-test data dirs live inside the service dir (removed after each suite). */
const testDataRoot = join(fileURLToPath(new URL('..', import.meta.url)), '.test-data');

/** Start a tiny HTTP server on 127.0.0.1 that records requests and answers with `respond`. */
export async function startStub(respond = () => ({ status: 202, body: { accepted: true } })) {
  const received = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    const entry = { method: req.method, url: req.url, headers: req.headers, body: text ? JSON.parse(text) : undefined };
    received.push(entry);
    const out = respond(entry);
    res.writeHead(out.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out.body ?? {}));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    received,
    close: () => new Promise((ok) => { server.close(() => ok()); server.closeAllConnections?.(); }),
  };
}

/** A stand-in issuer for services that confirm credentials over HTTP. */
export function startIssuerStub() {
  return startStub((req) => {
    const header = String(req.headers.authorization ?? '');
    try {
      const claims = verifyJwt(header.replace(/^Bearer\s+/i, ''), signingKey);
      return { status: 200, body: { id: claims.sub, email: claims.email, created_at: new Date().toISOString() } };
    } catch {
      return { status: 401, body: { code: 'unauthorized', message: 'rejected' } };
    }
  });
}

/** Start the service with a fresh data dir; `env` adds to the defaults. */
export async function startService(env = {}) {
  mkdirSync(testDataRoot, { recursive: true });
  const dataDir = mkdtempSync(join(testDataRoot, `${service.name}-`));
  const running = await startServer({ port: 0, host: '127.0.0.1', env: { LOG_LEVEL: 'error', DATA_DIR: dataDir, JWT_SECRET: signingKey, ...env } });
  return {
    ...running,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Call the service; returns `{ status, headers, json }`. */
export async function call(base, method, path, { body, jwt, headers = {} } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(jwt ? { authorization: `Bearer ${jwt}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json };
}

export const opOf = (behaviour, entity) => implemented.find((op) => op.behaviour === behaviour && (entity === undefined || op.entity === entity));

export function fillPath(op, id) {
  const names = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  return op.path.replace(/\{([^}]+)\}/g, (_, name) => (name === names[names.length - 1] && id !== undefined ? id : String(sample(op.params.find((p) => p.name === name)?.schema ?? {}))));
}

export const sampleBody = (op) => (op.requestBody ? sample(op.requestBody.schema) : undefined);

/** A bearer credential accepted by this service. */
export async function credentialFor(base) {
  if (service.issuer) {
    const reg = opOf('register');
    const login = opOf('login');
    const creds = sampleBody(reg);
    await call(base, reg.method, reg.path, { body: creds });
    const res = await call(base, login.method, login.path, { body: { email: creds.email, password: creds.password } });
    return res.json.access_token;
  }
  return signJwt({ sub: randomUUID(), email: `user-${randomUUID().slice(0, 8)}@example.com`, type: 'access' }, signingKey, 600);
}

/** Create one entity through its create operation; returns the created body. */
export async function createEntity(base, entity, jwt) {
  const create = opOf('create', entity);
  if (!create) return undefined;
  const res = await call(base, create.method, create.path, { body: sampleBody(create), jwt });
  return res.json;
}

/** The request that exercises `op`'s success path. */
export async function happyRequest(base, op) {
  const jwt = op.secured ? await credentialFor(base) : undefined;
  let body = sampleBody(op);
  let path = fillPath(op);
  if (['read', 'update', 'remove'].includes(op.behaviour)) {
    const created = await createEntity(base, op.entity, jwt);
    path = fillPath(op, created?.id);
    const machine = service.stateMachine;
    if (op.behaviour === 'update' && machine && machine.entity === op.entity && body && machine.field in body) {
      body = { ...body, [machine.field]: machine.transitions[machine.initial][0] };
    }
  }
  if (op.behaviour === 'login') {
    const reg = opOf('register');
    await call(base, reg.method, reg.path, { body });
  }
  return { path, body, jwt };
}
