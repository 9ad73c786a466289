import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScanInputError } from '../../src/layer3/index.js';
import { scanLayer4 } from '../../src/layer4/index.js';
import { ScanViolationSchema, type ScanViolation } from '../../src/models/index.js';
import { writeTree } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function scan(files: Record<string, string>, names = ['order-service', 'notification-service']) {
  const { root, cleanup } = writeTree(files);
  cleanups.push(cleanup);
  const violations = await scanLayer4(names.map((name) => ({ name, dir: join(root, name) })), { rootDir: root });
  for (const v of violations) ScanViolationSchema.parse(v);
  return violations;
}
const codes = (vs: ScanViolation[], code: string) => vs.filter((v) => v.code === code);

const NOTIFY_OK = { 'notification-service/src/server.js': "bus.subscribe('order.created', onOrder);\nconst auth = process.env.ORDER_SERVICE_URL;\n" };

describe('ADV-001 dead events', () => {
  it('flags an event published in code that no service subscribes to', async () => {
    const vs = await scan({ 'order-service/src/events.js': "export const created = (o) => bus.publish('order.shipped', o);\n", ...NOTIFY_OK });
    expect(codes(vs, 'ADV-001')).toEqual([expect.objectContaining({ file_path: 'order-service/src/events.js', line: 1, severity: 'warning', category: 'adversarial' })]);
  });
  it('flags (subtle) an event published through a constant that no service subscribes to', async () => {
    const vs = await scan({
      'order-service/src/topics.ts': "export const Topics = { Cancelled: 'order.cancelled' } as const;\nexport const ORDER_CREATED = 'order.created';\n",
      'order-service/src/events.ts': "await producer.send({ topic: Topics.Cancelled, messages });\nchannel.publish('orders', ORDER_CREATED, body);\n",
      ...NOTIFY_OK,
    });
    expect(codes(vs, 'ADV-001')).toEqual([expect.objectContaining({ file_path: 'order-service/src/events.ts', line: 1 })]);
  });
  it('reads a channel the contract sends but the code never touches as a dead contract (ADV-002), not a dead event', async () => {
    const asyncapi = 'asyncapi: 3.0.0\ninfo: {title: orders, version: 1.0.0}\nchannels:\n  orderCancelled:\n    address: orders/cancelled\noperations:\n  sendCancelled:\n    action: send\n    channel:\n      $ref: "#/channels/orderCancelled"\n';
    const vs = await scan({ 'order-service/docs/asyncapi.yaml': asyncapi, 'order-service/src/x.js': "fetch(process.env.NOTIFICATION_SERVICE_URL + '/x');\n", ...NOTIFY_OK });
    expect(codes(vs, 'ADV-001')).toEqual([]);
    expect(codes(vs, 'ADV-002')).toEqual([expect.objectContaining({ file_path: 'order-service/docs/asyncapi.yaml', line: 4 })]);
  });
  it('stays silent when a consumer binds the routing key or subscribes with an options object', async () => {
    const vs = await scan({
      'order-service/src/events.ts': "export const ORDER_PLACED = 'order.placed';\nchannel.publish('orders', ORDER_PLACED, body);\nawait producer.send({ topic: 'order.paid', messages });\n",
      'notification-service/src/consumer.ts': "await channel.bindQueue(q, 'orders', 'order.placed');\nawait consumer.subscribe({ topic: 'order.paid' });\nconst url = process.env.ORDER_SERVICE_URL;\n",
    });
    expect(codes(vs, 'ADV-001')).toEqual([]);
  });
  it('stays silent when another service subscribes, and ignores res.send', async () => {
    const vs = await scan({ 'order-service/src/events.js': "bus.publish('order.created', o);\nres.send('order.deleted');\n", ...NOTIFY_OK });
    expect(codes(vs, 'ADV-001')).toEqual([]);
  });
});

describe('ADV-002 dead contracts', () => {
  const openapi = 'openapi: 3.0.3\ninfo: {title: o, version: "1"}\npaths:\n  /orders:\n    get: {responses: {"200": {description: ok}}}\n  /orders/{id}:\n    delete: {responses: {"204": {description: gone}}}\n';
  it('flags an OpenAPI operation no route implements', async () => {
    const vs = await scan({ 'order-service/contracts/openapi.yaml': openapi, 'order-service/src/app.js': "app.get('/orders', list);\nbus.publish('order.created', o);\n", ...NOTIFY_OK });
    expect(codes(vs, 'ADV-002')).toEqual([expect.objectContaining({ line: 7, message: expect.stringContaining('DELETE /orders/{id}') })]);
  });
  it('flags (subtle) an AsyncAPI channel mentioned only in a comment of the service code', async () => {
    const asyncapi = 'asyncapi: 2.6.0\ninfo: {title: n, version: "1"}\nchannels:\n  payment.failed:\n    subscribe:\n      message: {payload: {type: object}}\n  order.created:\n    subscribe:\n      message: {payload: {type: object}}\n';
    const vs = await scan({
      'order-service/src/app.js': "bus.publish('order.created', o);\n",
      'notification-service/contracts/asyncapi.yaml': asyncapi,
      'notification-service/src/server.js': "// TODO handle 'payment.failed'\nbus.subscribe('order.created', onOrder);\n",
    });
    expect(codes(vs, 'ADV-002')).toEqual([expect.objectContaining({ file_path: 'notification-service/contracts/asyncapi.yaml', line: 4 })]);
  });
  it('stays silent when a raw node server implements every path (comparison and regex)', async () => {
    const server = "http.createServer((req, res) => {\n  if (req.url === '/orders') return list(res);\n  const m = /^\\/orders\\/([^/]+)$/.exec(req.url);\n  if (m && req.method === 'DELETE') return remove(m[1], res);\n});\nbus.publish('order.created', o);\n";
    const vs = await scan({ 'order-service/contracts/openapi.yaml': openapi, 'order-service/src/server.js': server, ...NOTIFY_OK });
    expect(codes(vs, 'ADV-002')).toEqual([]);
  });
});

describe('ADV-003 orphan services', () => {
  const names = ['order-service', 'notification-service', 'reporting-service'];
  const base = { 'order-service/src/a.js': "fetch(process.env.NOTIFICATION_SERVICE_URL + '/notify');\n", 'notification-service/src/b.js': 'module.exports = 1;\n' };
  it('flags a service nothing calls and that calls nothing', async () => {
    const vs = await scan({ ...base, 'reporting-service/src/r.js': 'export const report = () => 42;\n' }, names);
    expect(codes(vs, 'ADV-003').map((v) => v.service)).toEqual(['reporting-service']);
  });
  it('flags (subtle) a service whose code only talks about orders, not about the order service', async () => {
    const vs = await scan({ ...base, 'reporting-service/src/r.js': "// summarises every order placed\nexport const orders = [];\n" }, names);
    expect(codes(vs, 'ADV-003').map((v) => v.service)).toEqual(['reporting-service']);
  });
  it('stays silent for services connected only through events, and for a single service', async () => {
    const vs = await scan({ ...base, 'reporting-service/src/r.js': "bus.subscribe('order.created', tally);\n", 'order-service/src/e.js': "bus.publish('order.created', o);\n" }, names);
    expect(codes(vs, 'ADV-003')).toEqual([]);
    const single = await scan({ 'order-service/src/a.js': 'export {};\n' }, ['order-service']);
    expect(codes(single, 'ADV-003')).toEqual([]);
  });
});

describe('ADV-004 naming drift', () => {
  const orderApi = 'openapi: 3.0.3\ninfo: {title: o, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        customer_id: {type: string}\n        status: {type: string}\n        lines:\n          type: array\n          items:\n            type: object\n            properties:\n              created_at: {type: string}\n';
  const common = { 'order-service/src/a.js': "fetch(process.env.NOTIFICATION_SERVICE_URL + '/n');\n", 'notification-service/src/b.js': 'module.exports = {};\n' };
  it('flags camelCase in one service for a snake_case field of another', async () => {
    const notif = 'asyncapi: 2.6.0\ninfo: {title: n, version: "1"}\nchannels: {}\ncomponents:\n  schemas:\n    Note:\n      properties:\n        customerId: {type: string}\n';
    const vs = await scan({ ...common, 'order-service/contracts/openapi.yaml': orderApi, 'notification-service/contracts/events.yaml': notif });
    expect(codes(vs, 'ADV-004')).toEqual([expect.objectContaining({ severity: 'info', file_path: 'notification-service/contracts/events.yaml', line: 8 })]);
  });
  it('flags (subtle) drift in a nested array item schema', async () => {
    const notif = 'openapi: 3.0.3\ninfo: {title: n, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    Line:\n      properties:\n        createdAt: {type: string}\n';
    const vs = await scan({ ...common, 'order-service/contracts/openapi.yaml': orderApi, 'notification-service/contracts/openapi.yaml': notif });
    expect(codes(vs, 'ADV-004').map((v) => v.message)).toEqual([expect.stringContaining('"createdAt"')]);
  });
  it('stays silent when both services agree, and inside a single service', async () => {
    const notif = 'openapi: 3.0.3\ninfo: {title: n, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    N:\n      properties:\n        customer_id: {type: string}\n        status: {type: string}\n';
    const mixedOwn = orderApi.replace('status: {type: string}', 'customerId: {type: string}');
    const vs = await scan({ ...common, 'order-service/contracts/openapi.yaml': mixedOwn, 'notification-service/contracts/openapi.yaml': notif });
    expect(codes(vs, 'ADV-004')).toEqual([]);
  });
});

describe('Layer 4 on realistic layouts', () => {
  it('composes router prefixes, so mounted routes implement the contract (ADV-002 only for the missing one)', async () => {
    const openapi = 'openapi: 3.0.3\ninfo: {title: c, version: "1"}\npaths:\n  /api/products/{sku}:\n    get: {responses: {"200": {description: ok}}}\n  /api/products/{sku}/images:\n    post: {responses: {"201": {description: ok}}}\n';
    const vs = await scan({
      'order-service/openapi.yaml': openapi,
      'order-service/src/app.ts': "app.use('/api/products', requireAuth, productsRouter);\nbus.publish('order.created', o);\n",
      'order-service/src/products.ts': "productsRouter.get('/:sku', show);\n",
      ...NOTIFY_OK,
    });
    expect(codes(vs, 'ADV-002')).toEqual([expect.objectContaining({ file_path: 'order-service/openapi.yaml', line: 7 })]);
  });
  it('reports naming drift at the minority spelling of the system', async () => {
    const orders = 'openapi: 3.0.3\ninfo: {title: o, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    O:\n      properties:\n        orderId: {type: string}\n        priceCents: {type: integer}\n        createdAt: {type: string}\n';
    const notif = 'openapi: 3.0.3\ninfo: {title: n, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    N:\n      properties:\n        order_id: {type: string}\n';
    const vs = await scan({ 'order-service/docs/openapi.yaml': orders, 'notification-service/api/openapi.yaml': notif, 'order-service/src/a.js': "fetch(process.env.NOTIFICATION_SERVICE_URL + '/n');\n" });
    expect(codes(vs, 'ADV-004')).toEqual([expect.objectContaining({ file_path: 'notification-service/api/openapi.yaml', line: 8 })]);
  });
  it('does not read a connection handle initialised in an async function as shared state (ADV-006)', async () => {
    const vs = await scan({ 'order-service/src/bus.js': 'let nc;\nconst seen = new Map();\nexport async function connectBus() {\n  nc ??= await connect();\n}\nexport async function onMsg(m) {\n  seen.set(m.id, m);\n}\n' }, ['order-service']);
    expect(codes(vs, 'ADV-006')).toEqual([expect.objectContaining({ line: 7 })]);
  });
});

describe('ADV-005 missing error handling', () => {
  it('flags an awaited fetch outside try/catch', async () => {
    const vs = await scan({ 'order-service/src/c.js': 'export async function load(id) {\n  const r = await fetch(`${AUTH}/users/${id}`);\n  return r.json();\n}\n' }, ['order-service']);
    expect(codes(vs, 'ADV-005')).toEqual([expect.objectContaining({ line: 2 })]);
  });
  it('flags (subtle) try/finally without catch, and a bare except', async () => {
    const vs = await scan(
      {
        'order-service/src/c.ts': 'export async function load(id: string) {\n  try {\n    return await axios.get(`/users/${id}`);\n  } finally {\n    done();\n  }\n}\n',
        'order-service/app/w.py': 'def run():\n    try:\n        work()\n    except:\n        pass\n',
      },
      ['order-service'],
    );
    expect(codes(vs, 'ADV-005').map((v) => `${v.file_path}:${v.line}`)).toEqual(['order-service/app/w.py:4', 'order-service/src/c.ts:3']);
  });
  it('stays silent with try/catch, .catch(), non-network awaits and typed except', async () => {
    const vs = await scan(
      {
        'order-service/src/c.js': 'async function a() {\n  try { await fetch(u); } catch (e) { log(e); }\n  await fetch(u).catch(() => null);\n  await sleep(10);\n}\n',
        'order-service/app/w.py': 'async def run():\n    try:\n        await client.get(URL)\n    except httpx.HTTPError:\n        raise\n',
      },
      ['order-service'],
    );
    expect(codes(vs, 'ADV-005')).toEqual([]);
  });
});

describe('ADV-006 shared mutable state', () => {
  it('flags a module-level Map mutated in a route handler', async () => {
    const vs = await scan({ 'order-service/src/app.js': "const orders = new Map();\napp.post('/orders', async (req, res) => {\n  orders.set(req.body.id, req.body);\n  res.status(201).end();\n});\n" }, ['order-service']);
    expect(codes(vs, 'ADV-006')).toEqual([expect.objectContaining({ line: 3 })]);
  });
  it('flags (subtle) a global counter rebound in an async def', async () => {
    const vs = await scan({ 'order-service/app/main.py': 'counter = 0\n\nasync def handle(msg):\n    global counter\n    counter += 1\n' }, ['order-service']);
    expect(codes(vs, 'ADV-006')).toEqual([expect.objectContaining({ line: 5 })]);
  });
  it('stays silent under a lock, for read-only module constants and for start-up registration', async () => {
    const vs = await scan(
      {
        'order-service/app/main.py': 'cache = {}\nlock = asyncio.Lock()\n\nasync def handle(k, v):\n    async with lock:\n        cache[k] = v\n',
        'order-service/src/app.js': "const LIMITS = { max: 10 };\nconst registry = [];\nregistry.push('a');\napp.get('/limits', (req, res) => res.json(LIMITS));\n",
      },
      ['order-service'],
    );
    expect(codes(vs, 'ADV-006')).toEqual([]);
  });
});

describe('scanLayer4 input and suppressions', () => {
  it('rejects a missing service directory with a usage error', async () => {
    await expect(scanLayer4([{ name: 'ghost', dir: '/nonexistent/ghost' }])).rejects.toBeInstanceOf(ScanInputError);
  });
  it('honours // run4-ignore on the reported line', async () => {
    const vs = await scan({ 'order-service/src/c.js': 'async function a() {\n  await fetch(u); // run4-ignore ADV-005\n}\n' }, ['order-service']);
    expect(codes(vs, 'ADV-005')).toEqual([]);
  });
});
