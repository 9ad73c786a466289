import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { FoundationError } from './errors.js';
import { log } from './log.js';

/** The body of `GET /api/health`. */
export interface HealthStatus {
  status: 'healthy' | 'degraded';
  service_name: string;
  version: string;
  database: 'connected' | 'disconnected';
  uptime_seconds: number;
  details: Record<string, unknown>;
}

export const VERSION = '1.0.0';

/**
 * Create the Hono app of a service with the shared error handling and the
 * health route.
 *
 * @example
 * const app = createHttpApp('contract-engine', () => databaseOk(db));
 */
export function createHttpApp(service: string, dbHealthy: () => boolean, details: () => Record<string, unknown> = () => ({})): Hono {
  const started = Date.now();
  const app = new Hono();
  app.get('/api/health', (c) => {
    const ok = dbHealthy();
    const body: HealthStatus = {
      status: ok ? 'healthy' : 'degraded',
      service_name: service,
      version: VERSION,
      database: ok ? 'connected' : 'disconnected',
      uptime_seconds: Math.round((Date.now() - started) / 1000),
      details: details(),
    };
    return c.json(body, ok ? 200 : 503);
  });
  app.onError((err, c) => {
    if (err instanceof FoundationError) {
      return c.json({ detail: err.message, code: err.code }, err.status as 404);
    }
    log('error', service, 'unhandled error', { error: String(err) });
    return c.json({ detail: `internal error: ${err.message}` }, 500);
  });
  app.notFound((c) => c.json({ detail: `no route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

/**
 * Read a JSON object body or throw a 422 naming the problem.
 *
 * @example
 * const body = await jsonBody(c);
 */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = await c.req.json();
  } catch {
    throw new FoundationError('VALIDATION_ERROR', 422, 'request body must be a JSON object');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FoundationError('VALIDATION_ERROR', 422, 'request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Start listening on `PORT` (default 8000) and `HOST` (default 0.0.0.0);
 * close cleanly on SIGTERM/SIGINT.
 *
 * @example
 * startHttp(app, 'architect', () => db.close());
 */
export function startHttp(app: Hono, service: string, onClose: () => void): void {
  const port = Number(process.env.PORT ?? 8000);
  const hostname = process.env.HOST ?? '0.0.0.0';
  const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
    log('info', service, 'http listening', { port: info.port, host: hostname });
  });
  const stop = (): void => {
    server.close();
    onClose();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Parse a zod result or throw a 422 with the joined issue messages. */
export function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
}
