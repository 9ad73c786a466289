import amqp, { type Channel } from 'amqplib';
import { Kafka } from 'kafkajs';

export const ORDER_PLACED = 'order.placed';
export const ORDER_CANCELLED = 'order.cancelled';

let channel: Channel | undefined;
const priceCache = new Map<string, number>();

export async function connectBus(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://rabbitmq');
  channel = await connection.createChannel();
  await channel.assertExchange('orders', 'topic', { durable: true });

  const kafka = new Kafka({ clientId: 'orders-service', brokers: ['kafka:9092'] });
  const consumer = kafka.consumer({ groupId: 'orders-service' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'catalog.price-changed', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { sku, toCents } = JSON.parse(message.value?.toString() ?? '{}') as { sku: string; toCents: number };
      priceCache.set(sku, toCents);
    },
  });
}

export function emitOrderPlaced(order: { orderId: string; lines: { sku: string; qty: number }[] }): void {
  channel?.publish('orders', ORDER_PLACED, Buffer.from(JSON.stringify(order)));
}

export function emitOrderCancelled(orderId: string): void {
  channel?.publish('orders', ORDER_CANCELLED, Buffer.from(JSON.stringify({ orderId })));
}

export function cachedPrice(sku: string): number | undefined {
  return priceCache.get(sku);
}
