import cors from '@fastify/cors';
import Fastify from 'fastify';
import { connectNats } from './events.js';
import auth from './plugins/auth.js';
import adminRoutes from './routes/admin.js';
import bookingRoutes from './routes/bookings.js';

const app = Fastify({ logger: true });

await app.register(cors, { origin: true, credentials: true });
await app.register(auth);

app.get('/health', async () => ({ status: 'ok' }));

await app.register(bookingRoutes, { prefix: '/bookings' });
await app.register(adminRoutes, { prefix: '/admin' });

await connectNats();
await app.listen({ host: '0.0.0.0', port: Number(process.env.PORT ?? 3200) });
