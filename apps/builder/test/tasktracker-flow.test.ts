import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStateSchema } from '../src/state.js';
import { builderDir, eventually, http, newSecret, removeScratch, runCli, scratch, startService, TASKTRACKER, type RunningService } from './support.js';

// Acceptance: the three TaskTracker services built from the fixture
// contracts start as real processes, answer /health, and serve
// register -> login -> create order -> notification received.
describe('TaskTracker services built from the fixture contracts', () => {
  let root: string;
  const dirs: Record<string, string> = {};
  const running: RunningService[] = [];
  let auth: RunningService;
  let order: RunningService;
  let notification: RunningService;
  const secret = newSecret();

  beforeAll(async () => {
    root = await scratch('tasktracker');
    dirs.auth = await builderDir(root, 'auth-service', { openapi: join(TASKTRACKER, 'sample_openapi_auth.yaml') });
    dirs.order = await builderDir(root, 'order-service', { openapi: join(TASKTRACKER, 'sample_openapi_order.yaml'), asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml') });
    dirs.notification = await builderDir(root, 'notification-service', {
      openapi: join(TASKTRACKER, 'sample_openapi_notification.yaml'),
      asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml'),
    });
    const results = await Promise.all(Object.values(dirs).map((dir) => runCli(['--cwd', dir, '--depth', 'standard'])));
    for (const r of results) expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    auth = await startService(dirs.auth, { JWT_SECRET: secret, SERVICE_NAME: 'auth-service' });
    running.push(auth);
    notification = await startService(dirs.notification, { SERVICE_NAME: 'notification-service' });
    running.push(notification);
    order = await startService(dirs.order, {
      JWT_SECRET: secret,
      AUTH_SERVICE_URL: auth.url,
      NOTIFICATION_SERVICE_URL: notification.url,
      SERVICE_NAME: 'order-service',
    });
    running.push(order);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await removeScratch(root);
  });

  it('writes a STATE.json whose summary comes from the service tests, all passing', async () => {
    for (const dir of Object.values(dirs)) {
      const state = RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
      expect(state.summary.success).toBe(true);
      expect(state.summary.test_total).toBeGreaterThanOrEqual(8);
      expect(state.summary.test_passed).toBe(state.summary.test_total);
      expect(state.total_cost).toBe(0);
      // no Build 1 block in config.yaml: no MCP client, no mcp block (B2-09)
      expect(state.mcp).toBeUndefined();
      expect(state.health).toBe('passed');
      expect(state.completed_phases).toEqual(expect.arrayContaining(['generate', 'test', 'health_gate']));
      expect(state.endpoint_test_report.untested_contracts).toEqual([]);
    }
  });

  it('answers /health on every service with the contract body', async () => {
    for (const [svc, name] of [[auth, 'auth-service'], [order, 'order-service'], [notification, 'notification-service']] as const) {
      const res = await http(`${svc.url}/health`, 'GET');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ status: 'healthy', service: name });
    }
  });

  it('serves register -> login -> create order -> notification received, with one trace across the services', async () => {
    const creds = { email: `flow-${Date.now()}@example.com`, password: 'correct-horse-battery' };
    const registered = await http(`${auth.url}/register`, 'POST', creds);
    expect(registered.status).toBe(201);
    expect(Object.keys(registered.json ?? {}).sort()).toEqual(['created_at', 'email', 'id']);
    const login = await http(`${auth.url}/login`, 'POST', creds);
    expect(login.status).toBe(200);
    const jwt = String((login.json as Record<string, unknown>).access_token);
    expect(jwt.split('.')).toHaveLength(3);

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const created = await http(`${order.url}/orders`, 'POST', { items: [{ sku: 'BOOK-001', quantity: 2, price: 12.5 }], total: 25 }, {
      authorization: `Bearer ${jwt}`,
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(created.status).toBe(201);
    const orderBody = created.json as Record<string, unknown>;
    expect(orderBody.status).toBe('pending');
    expect(orderBody.user_id).toBe((registered.json as Record<string, unknown>).id);

    const received = await eventually(async () => {
      const list = await http(`${notification.url}/notifications?user_id=${String(orderBody.user_id)}`, 'GET');
      return (list.json as Record<string, unknown>[]).find((n) => n.order_id === orderBody.id);
    });
    expect(received?.order_id, 'notification-service never received OrderCreated').toBe(orderBody.id);
    expect(received?.type).toBe('email');

    // The same trace id reached auth-service (token validation) and notification-service (event).
    expect(auth.output()).toContain(traceId);
    expect(notification.output()).toContain(traceId);
  });

  it('rejects an order without a valid token and an invalid state transition', async () => {
    expect((await http(`${order.url}/orders`, 'POST', { items: [], total: 0 })).status).toBe(401);
    expect((await http(`${order.url}/orders`, 'POST', { items: [{ sku: 'A', quantity: 1, price: 1 }], total: 1 }, { authorization: 'Bearer not.a.jwt' })).status).toBe(401);

    const creds = { email: `sm-${Date.now()}@example.com`, password: 'correct-horse-battery' };
    await http(`${auth.url}/register`, 'POST', creds);
    const jwt = String(((await http(`${auth.url}/login`, 'POST', creds)).json as Record<string, unknown>).access_token);
    const headers = { authorization: `Bearer ${jwt}` };
    const created = (await http(`${order.url}/orders`, 'POST', { items: [{ sku: 'A', quantity: 1, price: 1 }], total: 1 }, headers)).json as Record<string, unknown>;
    const put = (status: string) => http(`${order.url}/orders/${String(created.id)}`, 'PUT', { status }, headers);
    expect((await put('shipped')).status).toBe(409);
    expect((await put('confirmed')).status).toBe(200);
    expect((await put('shipped')).status).toBe(200);
    const shipped = await eventually(async () => {
      const list = await http(`${notification.url}/notifications?user_id=${String(created.user_id)}`, 'GET');
      return (list.json as Record<string, unknown>[]).find((n) => n.order_id === created.id && String(n.message).startsWith('Order shipped'));
    });
    expect(shipped?.order_id, 'notification-service never received OrderShipped').toBe(created.id);
    expect((await put('pending')).status).toBe(409);
    // Only documented statuses: a malformed id on GET /orders/{id} (400/422 undocumented there) answers 404.
    expect((await http(`${order.url}/orders/not-a-uuid`, 'GET', undefined, headers)).status).toBe(404);
    expect((await put('teleported')).status).toBe(422);
  });

  it('gives each service a model class per contract entity, used by the handlers that return it', async () => {
    for (const [svc, entity, file, users] of [
      ['auth', 'User', 'user.js', ['registerUser', 'getCurrentUser']],
      ['order', 'Order', 'order.js', ['createOrder', 'getOrder', 'updateOrderStatus']],
      ['notification', 'Notification', 'notification.js', ['sendNotification', 'listNotifications']],
    ] as const) {
      const dir = dirs[svc] ?? '';
      const source = await readFile(join(dir, 'src/models', file), 'utf8');
      expect(source).toMatch(new RegExp(`^export class ${entity} \\{$`, 'm'));
      const mod = (await import(pathToFileURL(join(dir, 'src/models', file)).href)) as Record<string, { name: string; fromRecord: unknown }>;
      expect(mod[entity]?.name).toBe(entity);
      expect(String(mod[entity])).toMatch(new RegExp(`^class ${entity} `));
      const handlers = await readFile(join(dir, 'src/handlers.js'), 'utf8');
      expect(handlers).toContain(`import { ${entity} } from './models/${file}';`);
      for (const fn of users) {
        const body = handlers.slice(handlers.indexOf(`export function ${fn}(ctx)`), handlers.indexOf('\n}\n', handlers.indexOf(`export function ${fn}(ctx)`)));
        expect(body, fn).toContain(`${entity}.fromRecord(`);
      }
    }
    expect(await readFile(join(dirs.auth ?? '', 'src/models/user.js'), 'utf8')).not.toContain('password_hash =');
  });

  it('writes a Dockerfile of the cross-team form and a dependency-free package.json', async () => {
    const dockerfile = await readFile(join(dirs.order, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim\nFROM \$\{NODE_IMAGE\}$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(dockerfile).toContain(`HEALTHCHECK --interval=5s --timeout=15s --start-period=30s --retries=5 CMD ["node","-e","fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health')`);
    expect(dockerfile).toMatch(/^CMD \["node", "src\/server.js"\]$/m);
    const pkg = JSON.parse(await readFile(join(dirs.order, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.main).toBe('src/server.js');
  });

  it('logs one JSON object per line and never prints through console', async () => {
    const lines = order.output().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const handlers = await readFile(join(dirs.order, 'src/handlers.js'), 'utf8');
    expect(handlers).not.toMatch(/console\./);
  });
});
