import { randomUUID, randomBytes } from 'node:crypto';
import { check, type CheckRecord } from '@run4/checks';
import { clip, httpJson, type HttpJson } from './http-json.js';

export interface FlowUrls {
  auth?: string;
  order?: string;
  notification?: string;
}

const traceparent = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
const show = (r: HttpJson) => (r.status === 0 ? `no answer (${r.error})` : `HTTP ${r.status} ${clip(r.body, 160)}`);

async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The cross-service data flows of seed 001 section 2.6 against the live
 * generated services: register (DF-1) → login (DF-2) → create order with the
 * JWT (DF-3) → OrderCreated delivered to notification-service (DF-4) → the
 * notification sent with user, type and message (DF-5), plus the order state
 * machine of section 2.5 across the boundary (OrderShipped delivered, an
 * invalid transition refused). One check per flow; a flow whose input could
 * not be produced is FAIL with the reason, never skipped silently.
 *
 * @example
 * const checks = await runDataFlows({ auth: 'http://127.0.0.1:4001', order: '…', notification: '…' });
 */
export async function runDataFlows(urls: FlowUrls, options: { eventTimeoutMs?: number } = {}): Promise<CheckRecord[]> {
  const checks: CheckRecord[] = [];
  const missing = (what: string) => `${what} is not deployed`;
  const email = `run4-${randomUUID().slice(0, 8)}@example.test`;
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  const eventWait = options.eventTimeoutMs ?? 15_000;

  // DF-1
  let userId: string | undefined;
  if (!urls.auth) checks.push(check('m4.flow.df-1', 'DF-1 user registers', 'FAIL', missing('auth-service'), ['DF-1', 'R4-M4-006']));
  else {
    const r = await httpJson('POST', `${urls.auth}/register`, { email, password }, { traceparent: traceparent() });
    const body = r.body as { id?: string; email?: string; created_at?: string; password?: unknown; password_hash?: unknown } | null;
    userId = body?.id;
    const ok = r.status === 201 && !!body?.id && body.email === email && !!body.created_at && body.password === undefined && body.password_hash === undefined;
    checks.push(check('m4.flow.df-1', 'DF-1 user registers: {email, password} → {id, email, created_at}', ok ? 'PASS' : 'FAIL', `POST /register → ${show(r)}`, ['DF-1', 'R4-M4-006'], r.ms));
  }

  // DF-2
  let token: string | undefined;
  if (!urls.auth) checks.push(check('m4.flow.df-2', 'DF-2 user logs in', 'FAIL', missing('auth-service'), ['DF-2', 'R4-M4-006']));
  else {
    const r = await httpJson('POST', `${urls.auth}/login`, { email, password }, { traceparent: traceparent() });
    const body = r.body as { access_token?: string; refresh_token?: string } | null;
    token = body?.access_token;
    const ok = r.status === 200 && typeof token === 'string' && token.split('.').length === 3 && typeof body?.refresh_token === 'string';
    const wrong = await httpJson('POST', `${urls.auth}/login`, { email, password: `${password}x` });
    const rejects = wrong.status === 401;
    checks.push(
      check('m4.flow.df-2', 'DF-2 user logs in: {email, password} → {access_token, refresh_token}', ok && rejects ? 'PASS' : 'FAIL', `POST /login → ${show(r)}; wrong password → HTTP ${wrong.status}${rejects ? '' : ' (expected 401)'}`, ['DF-2', 'R4-M4-006'], r.ms),
    );
  }

  // DF-3
  let orderId: string | undefined;
  if (!urls.order || !token) checks.push(check('m4.flow.df-3', 'DF-3 create order with JWT', 'FAIL', !urls.order ? missing('order-service') : 'no access token from DF-2', ['DF-3', 'R4-M4-006']));
  else {
    const order = { items: [{ sku: 'SKU-RUN4-1', quantity: 2, price: 9.5 }], total: 19 };
    const r = await httpJson('POST', `${urls.order}/orders`, order, { authorization: `Bearer ${token}`, traceparent: traceparent() });
    const body = r.body as { id?: string; status?: string; total?: number; user_id?: string } | null;
    orderId = body?.id;
    const anonymous = await httpJson('POST', `${urls.order}/orders`, order);
    const ok = r.status === 201 && !!orderId && body?.status === 'pending' && body.total === 19 && anonymous.status === 401;
    checks.push(
      check('m4.flow.df-3', 'DF-3 create order: {items, total} + JWT (validated by auth-service) → {id, status, items, total}', ok ? 'PASS' : 'FAIL', `POST /orders → ${show(r)}; without a token → HTTP ${anonymous.status}`, ['DF-3', 'R4-M4-006', 'X-03'], r.ms),
    );
  }

  // DF-4 and DF-5
  type Note = { user_id?: string; order_id?: string; type?: string; message?: string };
  const notesFor = async (): Promise<Note[] | undefined> => {
    const r = await httpJson('GET', `${urls.notification}/notifications?user_id=${encodeURIComponent(userId ?? '')}`);
    return Array.isArray(r.body) ? (r.body as Note[]) : undefined;
  };
  let note: Note | undefined;
  if (!urls.notification || !orderId) checks.push(check('m4.flow.df-4', 'DF-4 OrderCreated delivered', 'FAIL', !urls.notification ? missing('notification-service') : 'no order from DF-3', ['DF-4', 'R4-M4-006']));
  else {
    const started = performance.now();
    note = await poll(async () => (await notesFor())?.find((n) => n.order_id === orderId), eventWait);
    checks.push(
      check('m4.flow.df-4', 'DF-4 OrderCreated event: order-service → notification-service', note ? 'PASS' : 'FAIL', note ? `notification for order ${orderId} after ${Math.round(performance.now() - started)} ms` : `no notification for order ${orderId} within ${eventWait} ms`, ['DF-4', 'R4-M4-006'], performance.now() - started),
    );
  }
  const df5ok = !!note && note.user_id === userId && (note.type === 'email' || note.type === 'sms') && typeof note.message === 'string' && note.message.length > 0;
  checks.push(check('m4.flow.df-5', 'DF-5 send notification: {user_id, type, message}', df5ok ? 'PASS' : 'FAIL', note ? `notification ${clip(note, 200)}` : 'no notification to inspect (DF-4)', ['DF-5', 'R4-M4-006']));

  // Order state machine across the boundary (seed 001 section 2.5)
  if (urls.order && token && orderId) {
    const auth = { authorization: `Bearer ${token}` };
    const steps: string[] = [];
    let ok = true;
    for (const status of ['confirmed', 'shipped']) {
      const r = await httpJson('PUT', `${urls.order}/orders/${orderId}`, { status }, auth);
      steps.push(`→ ${status}: HTTP ${r.status}`);
      ok &&= r.status === 200 && (r.body as { status?: string } | null)?.status === status;
    }
    const back = await httpJson('PUT', `${urls.order}/orders/${orderId}`, { status: 'pending' }, auth);
    steps.push(`shipped → pending: HTTP ${back.status}`);
    ok &&= back.status === 409;
    const shipped = urls.notification
      ? await poll(async () => ((await notesFor())?.filter((n) => n.order_id === orderId).length ?? 0) >= 2 || undefined, eventWait)
      : undefined;
    steps.push(shipped ? 'OrderShipped delivered' : 'OrderShipped not delivered');
    checks.push(check('m4.flow.state-machine', 'order state machine: pending → confirmed → shipped, invalid transition 409, OrderShipped delivered', ok && shipped ? 'PASS' : 'FAIL', steps.join('; '), ['R4-M4-006', 'DF-4']));
  } else {
    checks.push(check('m4.flow.state-machine', 'order state machine', 'FAIL', 'no order to move through its states (DF-3)', ['R4-M4-006']));
  }
  return checks;
}
