import amqp from 'amqplib';
import { Kafka } from 'kafkajs';
import { logger } from './logger.js';
import { reserveStock } from './store.js';

const kafka = new Kafka({ clientId: 'catalog-service', brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(',') });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'catalog-service' });

export const Topics = {
  PriceChanged: 'catalog.price-changed',
  ProductRetired: 'catalog.product-retired',
} as const;

export async function publishPriceChange(sku: string, fromCents: number, toCents: number): Promise<void> {
  await producer.send({ topic: Topics.PriceChanged, messages: [{ key: sku, value: JSON.stringify({ sku, fromCents, toCents }) }] });
}

export async function publishRetired(sku: string): Promise<void> {
  await producer.send({ topic: Topics.ProductRetired, messages: [{ key: sku, value: JSON.stringify({ sku }) }] });
}

export async function startConsumers(): Promise<void> {
  await producer.connect();
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://rabbitmq');
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('catalog.stock', { durable: true });
  await channel.bindQueue(queue, 'orders', 'order.placed');
  await channel.consume(queue, (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString()) as { lines: { sku: string; qty: number }[] };
    for (const line of order.lines) reserveStock(line.sku, line.qty);
    channel.ack(msg);
  });
  await consumer.connect();
  logger.info('catalog consumers started');
}
