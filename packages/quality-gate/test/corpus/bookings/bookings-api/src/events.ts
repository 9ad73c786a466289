import { connect, JSONCodec, type NatsConnection } from 'nats';

const codec = JSONCodec();
let nc: NatsConnection | undefined;

export async function connectNats(): Promise<void> {
  nc ??= await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222' });
}

export function bookingConfirmed(bookingId: string, roomId: string, nights: number): void {
  nc?.publish('booking.confirmed', codec.encode({ bookingId, roomId, nights }));
}

export function bookingExpired(bookingId: string): void {
  nc?.publish('booking.expired', codec.encode({ bookingId }));
}
