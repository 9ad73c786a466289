import type { FastifyInstance } from 'fastify';

export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  app.get('/stats', { preHandler: [app.authenticate] }, async () => ({ uptime: process.uptime() }));

  app.route({
    method: 'POST',
    url: '/cache/flush',
    onRequest: app.authenticate,
    handler: async () => ({ flushed: true }),
  });

  app.route({
    method: 'POST',
    url: '/reindex',
    handler: async (request) => {
      request.log.info({ requestedBy: request.ip }, 'reindex');
      return { queued: true };
    },
  });

  app.post('/maintenance', async (request) => {
    request.log.warn({ auth: request.headers.authorization }, 'maintenance mode toggled');
    return { maintenance: true };
  });
}
