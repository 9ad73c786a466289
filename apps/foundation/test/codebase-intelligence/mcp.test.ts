import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectMcp, tempDir } from '../helpers/servers.js';

const FILES: Record<string, string> = {
  'auth/models.py': `"""User model."""


class User:
    """A registered user."""

    def __init__(self, email: str) -> None:
        self.email = email

    def display(self) -> str:
        return self.email


def _unused_helper(x):
    return x * 2


MAX_USERS = 100
`,
  'auth/service.py': `from .models import User
from .repo import save


def register_user(email: str) -> User:
    """Create and store a user."""
    user = User(email)
    save(user)
    publish("UserRegistered", {"email": email})
    return user


def publish(name, payload):
    return (name, payload)
`,
  'auth/repo.py': `from .service import register_user


def save(user):
    return user


def process_payment_refund(amount):
    """Refund a payment for a cancelled order (payment processing)."""
    return amount
`,
  'auth/api.py': `from fastapi import FastAPI
from .service import register_user

app = FastAPI()


@app.post("/register")
def register(body: dict):
    return register_user(body["email"])


@app.get("/health")
def health():
    return {"status": "ok"}
`,
  'orders/src/server.ts': `import express from 'express';
import { createOrder, type Order } from './orders.js';

const app = express();
app.post('/orders', handleCreate);
app.get('/orders/:id', (req, res) => res.json({}));

function handleCreate(req: unknown, res: { json: (o: Order) => void }): void {
  res.json(createOrder(1));
}

bus.subscribe('PaymentCaptured', () => undefined);
app.listen(8080);
`,
  'orders/src/routes.ts': `import { createOrder } from './orders.js';

function getItems(): unknown[] {
  return [createOrder(2)];
}

export const handlers = {
  'GET /items': getItems,
  'DELETE /items/:id': async () => undefined,
};

fastify.route({ method: ['PUT', 'PATCH'], url: '/items/:id', handler: updateItem });

function updateItem(): void {}
`,
  'legacy/util.js': `const { helperTwo } = require('./two');

/** Format a price. */
exports.formatPrice = function formatPrice(cents) {
  return helperTwo(cents) / 100;
};
`,
  'legacy/two.js': `exports.helperTwo = (x) => x;
`,
  'orders/src/orders.ts': `/** An order. */
export interface Order {
  id: number;
}

/** Create an order with the given id. */
export function createOrder(id: number): Order {
  emitter.emit('OrderCreated', { id });
  return { id };
}

function neverCalled(): number {
  return 42;
}

export const ORDER_LIMIT = 10;

/** Total of several orders. */
export const sumOrders = (orders: Order[]): number => orders.reduce((n, o) => n + o.id, 0);
`,
};

describe('codebase-intelligence over MCP stdio', () => {
  const tmp = tempDir('ci');
  const src = join(tmp.dir, 'src');
  let client: Client;
  const p = (rel: string): string => join(src, rel);

  beforeAll(async () => {
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(join(src, rel, '..'), { recursive: true });
      writeFileSync(join(src, rel), text);
    }
    client = await connectMcp('codebase-intelligence', { DATABASE_PATH: join(tmp.dir, 'symbols.db') });
    for (const rel of Object.keys(FILES)) {
      const r = await call(client, 'register_artifact', { file_path: p(rel), service_name: rel.startsWith('auth') ? 'auth-service' : 'order-service' });
      expect(r.json, rel).toMatchObject({ indexed: true, errors: [] });
    }
  });
  afterAll(async () => {
    await client?.close();
    tmp.cleanup();
  });

  it('lists exactly the 7 tools of seed 003 section 1.3', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['check_dead_code', 'find_callers', 'find_definition', 'find_dependencies', 'get_service_interface', 'register_artifact', 'search_semantic']);
  });

  it('register_artifact of a file defining class User makes find_definition("User") return its file and line', async () => {
    const d = (await call(client, 'find_definition', { symbol: 'User' })).json;
    expect(d).toEqual({ file_path: p('auth/models.py'), line_start: 4, line_end: 11, kind: 'class', signature: 'class User', docstring: 'A registered user.' });
    const method = (await call(client, 'find_definition', { symbol: 'User.display', language: 'python' })).json;
    expect(method).toMatchObject({ kind: 'method', line_start: 10 });
    const ts = (await call(client, 'find_definition', { symbol: 'createOrder', language: 'typescript' })).json;
    expect(ts).toMatchObject({ file_path: p('orders/src/orders.ts'), kind: 'function', line_start: 7, docstring: 'Create an order with the given id.' });
    expect((ts as { signature: string }).signature).toContain('createOrder(id: number): Order');
    expect((await call(client, 'find_definition', { symbol: 'Order', language: 'typescript' })).json).toMatchObject({ kind: 'interface' });
    expect((await call(client, 'find_definition', { symbol: 'sumOrders' })).json).toMatchObject({ kind: 'function', line_start: 19, docstring: 'Total of several orders.' });
    expect((await call(client, 'find_definition', { symbol: 'NoSuchSymbol' })).json).toBeNull();
  });

  it('re-registering a changed file replaces its symbols (incremental) within 5 s', async () => {
    writeFileSync(p('auth/extra.py'), 'def first():\n    return 1\n');
    await call(client, 'register_artifact', { file_path: p('auth/extra.py'), service_name: 'auth-service' });
    writeFileSync(p('auth/extra.py'), '\n\ndef second():\n    return 2\n');
    const started = Date.now();
    const r = await call(client, 'register_artifact', { file_path: p('auth/extra.py'), service_name: 'auth-service' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.json).toMatchObject({ indexed: true, symbols_found: 1 });
    expect((await call(client, 'find_definition', { symbol: 'first' })).json).toBeNull();
    expect((await call(client, 'find_definition', { symbol: 'second' })).json).toMatchObject({ line_start: 3 });
  });

  it('indexes CommonJS exports and require() dependencies', async () => {
    expect((await call(client, 'find_definition', { symbol: 'formatPrice', language: 'javascript' })).json).toMatchObject({ file_path: p('legacy/util.js'), kind: 'function', line_start: 4, docstring: 'Format a price.' });
    expect((await call(client, 'find_dependencies', { file_path: p('legacy/util.js') })).json).toMatchObject({ imports: [p('legacy/two.js')] });
    expect((await call(client, 'find_callers', { symbol: 'helperTwo' })).json).toEqual([{ file_path: p('legacy/util.js'), line: 5, caller_name: 'formatPrice' }]);
  });

  it('find_callers lists call sites with the calling function', async () => {
    const callers = (await call(client, 'find_callers', { symbol: 'register_user' })).json as { file_path: string; caller_name: string; line: number }[];
    expect(callers).toEqual([{ file_path: p('auth/api.py'), line: 9, caller_name: 'register' }]);
    const limited = (await call(client, 'find_callers', { symbol: 'User', max_results: 1 })).json as unknown[];
    expect(limited).toHaveLength(1);
  });

  it('find_dependencies gives imports, importers, transitive deps and cycles', async () => {
    const deps = (await call(client, 'find_dependencies', { file_path: p('auth/service.py') })).json as { imports: string[]; imported_by: string[]; transitive_deps: string[]; circular_deps: string[][] };
    expect(deps.imports).toEqual([p('auth/models.py'), p('auth/repo.py')]);
    expect(deps.imported_by).toEqual([p('auth/api.py'), p('auth/repo.py')]);
    expect(deps.transitive_deps).toEqual([p('auth/models.py'), p('auth/repo.py')]);
    expect(deps.circular_deps).toEqual([[p('auth/service.py'), p('auth/repo.py'), p('auth/service.py')]]);
    const byRelative = (await call(client, 'find_dependencies', { file_path: 'orders/src/server.ts' })).json as { imports: string[] };
    expect(byRelative.imports).toEqual([p('orders/src/orders.ts'), 'express']);
    expect((await call(client, 'find_dependencies', { file_path: 'not/indexed.py' })).json).toEqual({ imports: [], imported_by: [], transitive_deps: [], circular_deps: [] });
  });

  it('search_semantic ranks the payment-processing chunk first', async () => {
    const hits = (await call(client, 'search_semantic', { query: 'payment processing' })).json as { symbol_name: string; score: number; language: string; line_start: number }[];
    expect(hits[0]).toMatchObject({ symbol_name: 'process_payment_refund', language: 'python', line_start: 8 });
    expect(hits[0]!.score).toBeGreaterThan(0);
    const ts = (await call(client, 'search_semantic', { query: 'create order', language: 'typescript', n_results: 1 })).json as { symbol_name: string }[];
    expect(ts).toEqual([expect.objectContaining({ symbol_name: 'createOrder' })]);
    expect((await call(client, 'search_semantic', { query: 'zzzqqq' })).json).toEqual([]);
  });

  it('get_service_interface lists routes, events and exported symbols', async () => {
    const auth = (await call(client, 'get_service_interface', { service_name: 'auth-service' })).json as { endpoints: { method: string; path: string; handler: string }[]; events_published: { name: string }[]; exported_symbols: { name: string }[] };
    expect(auth.endpoints.map((e) => `${e.method} ${e.path} ${e.handler}`).sort()).toEqual(['GET /health health', 'POST /register register']);
    expect(auth.events_published.map((e) => e.name)).toEqual(['UserRegistered']);
    expect(auth.exported_symbols.map((s) => s.name)).toContain('register_user');
    const orders = (await call(client, 'get_service_interface', { service_name: 'order-service' })).json as { endpoints: { method: string; path: string }[]; events_published: { name: string }[]; events_consumed: { name: string }[] };
    expect(orders.endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual(['DELETE /items/:id', 'GET /items', 'GET /orders/:id', 'PATCH /items/:id', 'POST /orders', 'PUT /items/:id']);
    expect(orders.events_published.map((e) => e.name)).toEqual(['OrderCreated']);
    expect(orders.events_consumed.map((e) => e.name)).toEqual(['PaymentCaptured']);
    expect((await call(client, 'get_service_interface', { service_name: 'unknown-service' })).json).toEqual({});
  });

  it('check_dead_code finds the planted dead functions but not route handlers or entrypoints', async () => {
    const dead = (await call(client, 'check_dead_code', {})).json as { symbol_name: string; confidence: string; line: number; file_path: string }[];
    const names = dead.map((d) => d.symbol_name);
    expect(names).toEqual(expect.arrayContaining(['_unused_helper', 'neverCalled', 'process_payment_refund']));
    expect(dead.find((d) => d.symbol_name === 'neverCalled')).toMatchObject({ confidence: 'high', line: 12, file_path: p('orders/src/orders.ts') });
    for (const alive of ['register', 'health', 'register_user', 'createOrder', 'User', 'save', 'handleCreate', '__init__', 'getItems', 'updateItem']) expect(names).not.toContain(alive);
    expect(dead.find((d) => d.symbol_name === 'handlers')).toMatchObject({ confidence: 'medium' });
    const orderOnly = (await call(client, 'check_dead_code', { service_name: 'order-service' })).json as { symbol_name: string }[];
    expect(orderOnly.map((d) => d.symbol_name)).not.toContain('_unused_helper');
  });

  it('register_artifact reports indexed: false for a missing or unsupported file', async () => {
    expect((await call(client, 'register_artifact', { file_path: p('missing.py'), service_name: 'x' })).json).toMatchObject({ indexed: false, errors: [expect.stringMatching(/ENOENT/)] });
    writeFileSync(p('notes.txt'), 'hello');
    expect((await call(client, 'register_artifact', { file_path: p('notes.txt'), service_name: 'x' })).json).toMatchObject({ indexed: false, errors: [expect.stringMatching(/unsupported/)] });
  });

  it.each([
    ['find_definition', { symbol: 5 }],
    ['find_definition', {}],
    ['find_callers', { symbol: 'x', max_results: 'ten' }],
    ['find_dependencies', {}],
    ['search_semantic', { query: 'x', n_results: -1 }],
    ['get_service_interface', { service_name: ['a'] }],
    ['check_dead_code', { service_name: 3 }],
    ['register_artifact', { file_path: 'a.py' }],
  ])('%s answers invalid input %j with isError and keeps serving', async (tool, args) => {
    const r = await call(client, tool, args);
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Invalid arguments|failed/);
    expect((await call(client, 'find_definition', { symbol: 'User' })).isError).toBe(false);
  });
});
