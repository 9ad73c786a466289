const amqp = require('amqplib');

const positions = new Map();

async function startConsumer() {
  const conn = await amqp.connect(process.env.AMQP_URL || 'amqp://rabbitmq');
  const ch = await conn.createChannel();
  const q = await ch.assertQueue('tracking.shipments');
  await ch.bindQueue(q.queue, 'amq.topic', 'shipment.created');
  ch.consume(q.queue, (msg) => {
    const event = JSON.parse(msg.content.toString());
    positions.set(event.shipmentId, { carrier: event.carrier, lastSeen: Date.now() });
    ch.ack(msg);
  });
}

module.exports = { startConsumer, positions };
