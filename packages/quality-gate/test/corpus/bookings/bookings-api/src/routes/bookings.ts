import type { FastifyInstance } from 'fastify';
import { bookingConfirmed, bookingExpired } from '../events.js';

interface Booking {
  bookingId: string;
  roomId: string;
  guestName: string;
  nights: number;
  status: 'held' | 'confirmed' | 'expired';
}

export default async function bookingRoutes(app: FastifyInstance): Promise<void> {
  const bookings = new Map<string, Booking>();
  app.addHook('preHandler', app.authenticate);

  app.get('/', async () => [...bookings.values()]);

  app.post<{ Body: Omit<Booking, 'bookingId' | 'status'> }>('/', async (request, reply) => {
    const booking: Booking = { ...request.body, bookingId: crypto.randomUUID(), status: 'held' };
    bookings.set(booking.bookingId, booking);
    return reply.code(201).send(booking);
  });

  app.post<{ Params: { id: string } }>('/:id/confirm', async (request) => {
    const booking = bookings.get(request.params.id);
    if (!booking) throw app.httpErrors?.notFound?.() ?? new Error('not found');
    booking.status = 'confirmed';
    bookingConfirmed(booking.bookingId, booking.roomId, booking.nights);
    return booking;
  });

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const booking = bookings.get(request.params.id);
    if (booking) {
      booking.status = 'expired';
      bookingExpired(booking.bookingId);
    }
    return reply.code(204).send();
  });
}
