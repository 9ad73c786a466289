import Fastify from 'fastify';
import { connect, JSONCodec } from 'nats';

const app = Fastify({ logger: { level: 'info' } });
const codec = JSONCodec<{ bookingId: string; roomId: string; nights: number }>();
const occupancy = new Map<string, number>();
const rooms = [
  { room_id: '101', floor: 1, beds: 2 },
  { room_id: '204', floor: 2, beds: 1 },
];

app.addHook('onRequest', async (request, reply) => {
  if (request.headers['x-api-key'] !== process.env.ROOMS_API_KEY) {
    await reply.code(401).send({ error: 'invalid api key' });
  }
});

app.get('/rooms', async () => rooms.map((r) => ({ ...r, booked_nights: occupancy.get(r.room_id) ?? 0 })));

app.patch<{ Params: { roomId: string }; Body: { beds: number } }>('/rooms/:roomId', async (request) => {
  const index = rooms.findIndex((r) => r.room_id === request.params.roomId);
  if (index < 0) return {};
  rooms[index] = { ...rooms[index], beds: request.body.beds };
  return rooms[index];
});

const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222' });
const sub = nc.subscribe('booking.confirmed');
(async () => {
  for await (const msg of sub) {
    const event = codec.decode(msg.data);
    occupancy.set(event.roomId, (occupancy.get(event.roomId) ?? 0) + event.nights);
  }
})().catch((err) => app.log.error({ err }, 'booking subscription ended'));

await app.listen({ host: '0.0.0.0', port: 3300 });
