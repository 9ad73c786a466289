// Service entry: `node src/server.js`. Environment: PORT, HOST, DATA_DIR,
// SERVICE_NAME, LOG_LEVEL, JWT_SECRET, AUTH_SERVICE_URL and the event
// target URLs named in src/routes.js.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './lib/app.js';
import { EventPublisher } from './lib/events.js';
import { createLogger } from './lib/logger.js';
import { JsonStore } from './lib/store.js';
import { handlers } from './handlers.js';
import { operations, service as spec } from './routes.js';

/**
 * Start the service; resolves once it listens. `port: 0` picks a free port.
 * @param {{ port?: number, host?: string, env?: Record<string, string | undefined> }} [options]
 */
export async function startServer(options = {}) {
  const env = options.env ?? process.env;
  const service = { ...spec, name: env.SERVICE_NAME || spec.name };
  const logger = createLogger(service.name, env.LOG_LEVEL);
  const store = new JsonStore(resolve(env.DATA_DIR || 'data'));
  const events = new EventPublisher({ events: service.events.publish, env, logger });
  const server = createServer(createApp({ service, operations, handlers, env, logger, store, events }));
  const port = options.port ?? Number(env.PORT || spec.port);
  const host = options.host ?? env.HOST ?? '127.0.0.1';
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  logger.info('service started', { port: actualPort, host, operations: operations.length });
  return {
    port: actualPort,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`,
    store,
    events,
    async close() {
      const closed = new Promise((ok) => server.close(() => ok()));
      setTimeout(() => server.closeAllConnections?.(), 500).unref();
      await closed;
      await events.flush();
      logger.info('service stopped');
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startServer().then(
    (running) => {
      const stop = () => running.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error) => {
      process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level: 'error', msg: 'service failed to start', error: String(error?.message ?? error) })}\n`);
      process.exit(1);
    },
  );
}
