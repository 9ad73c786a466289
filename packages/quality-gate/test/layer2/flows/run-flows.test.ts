import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFlowSchema, type DataFlow } from '@run4/schemas';
import { resolveVars, runDataFlows } from '../../../src/layer2/flows/index.js';

/** A tiny two-service stack: users register and get a token; orders create a note delivered later. */
function startStack(defects: { noNote?: boolean; leakPassword?: boolean } = {}): Promise<{ urls: Record<string, string>; close: () => Promise<void> }> {
  const users = new Map<string, string>();
  const notes: { user: string; order: string }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'POST' && url.pathname === '/users') {
        users.set(body.email, body.password);
        return send(201, { id: `u-${body.email}`, email: body.email, ...(defects.leakPassword ? { password: body.password } : {}) });
      }
      if (req.method === 'POST' && url.pathname === '/orders') {
        if (req.headers.authorization !== 'Bearer tok') return send(401, { error: 'no token' });
        const id = `o-${notes.length + 1}`;
        if (!defects.noNote) setTimeout(() => notes.push({ user: body.user, order: id }), 300);
        return send(201, { id, total: body.total });
      }
      if (req.method === 'GET' && url.pathname === '/notes') return send(200, notes.filter((n) => n.user === url.searchParams.get('user')));
      send(404, { error: 'not found' });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ urls: { users: base, orders: base, notes: base }, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

const flows: DataFlow[] = [
  {
    id: 'register',
    name: 'user registers',
    requirement_ids: ['DF-1'],
    steps: [{ service: 'users', method: 'POST', path: '/users', json: { email: '{{email}}', password: 'pw' }, expect: { status: 201, body: { id: { exists: true }, email: '{{email}}', password: { exists: false } } }, capture: { user_id: 'id' } }],
  },
  {
    id: 'order',
    name: 'order with token, refused without',
    steps: [
      { service: 'orders', method: 'POST', path: '/orders', headers: { authorization: 'Bearer tok' }, json: { user: '{{user_id}}', total: 19 }, expect: { status: 201, body: { total: 19 } }, capture: { order_id: 'id' } },
      { service: 'orders', method: 'POST', path: '/orders', json: { total: 1 }, expect: { status: 401 } },
    ],
  },
  {
    id: 'note',
    name: 'a note for the order appears',
    steps: [{ service: 'notes', method: 'GET', path: '/notes?user={{user_id}}', eventually: { within_s: 20 }, expect: { status: 200, some: { where: { order: '{{order_id}}' } } }, capture: { note: '$match' } }],
  },
].map((f) => DataFlowSchema.parse(f));

describe('runDataFlows', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('passes every flow on a correct stack, sharing captured variables', async () => {
    const vars = resolveVars({ email: 'a-{{$uuid8}}@example.test' });
    const checks = await runDataFlows(flows, { urls: stack.urls, vars });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['m4.flow.register', 'PASS'],
      ['m4.flow.order', 'PASS'],
      ['m4.flow.note', 'PASS'],
    ]);
    expect(checks[0]!.requirementIds).toEqual(['DF-1']);
    expect(vars.note).toMatchObject({ order: vars.order_id });
  });

  it('fails a flow whose answer carries a field the flow forbids', async () => {
    const leaky = await startStack({ leakPassword: true });
    try {
      const [register] = await runDataFlows(flows.slice(0, 1), { urls: leaky.urls, vars: { email: 'b@example.test' } });
      expect(register!.status).toBe('FAIL');
      expect(register!.evidence).toContain('password: expected absent');
    } finally {
      await leaky.close();
    }
  });

  it('fails an eventual step when the event never arrives, and says how long it waited', async () => {
    const silent = await startStack({ noNote: true });
    try {
      const quick = flows.map((f) => (f.id === 'note' ? { ...f, steps: f.steps.map((s) => ({ ...s, eventually: { within_s: 1, interval_ms: 100 } })) } : f));
      const checks = await runDataFlows(quick, { urls: silent.urls, vars: { email: 'c@example.test' } });
      expect(checks.map((c) => c.status)).toEqual(['PASS', 'PASS', 'FAIL']);
      expect(checks[2]!.evidence).toMatch(/expected at least 1 element\(s\) matching .* within 1 s/);
    } finally {
      await silent.close();
    }
  });

  it('fails a flow whose input an earlier flow did not produce, naming the variable', async () => {
    const checks = await runDataFlows(flows.slice(1, 2), { urls: stack.urls, vars: {} });
    expect(checks[0]!.status).toBe('FAIL');
    expect(checks[0]!.evidence).toContain('no value for {{user_id}}');
  });

  it('fails when a service is not deployed', async () => {
    const checks = await runDataFlows(flows.slice(0, 1), { urls: {}, vars: { email: 'd@example.test' } });
    expect(checks[0]!.evidence).toContain('users is not deployed');
  });

  it('fails on a wrong status', async () => {
    const wrong = DataFlowSchema.parse({ id: 'w', name: 'w', steps: [{ service: 'orders', method: 'POST', path: '/orders', json: {}, expect: { status: 201 } }] });
    const [c] = await runDataFlows([wrong], { urls: stack.urls, vars: {} });
    expect(c!.status).toBe('FAIL');
    expect(c!.evidence).toContain('expected HTTP 201, got HTTP 401');
  });
});
