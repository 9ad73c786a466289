import express from 'express';
import { requireAuth } from './auth.js';
import { lookupProduct } from './clients/catalog.js';
import { capture } from './clients/payments.js';
import { cachedPrice, connectBus, emitOrderCancelled, emitOrderPlaced } from './events.js';

const app = express();
app.use(express.json());
app.use((_req, res, next) => {
  res.header('Access-Control-Allow-Origin', '*');
  res.header('Access-Control-Allow-Credentials', 'true');
  res.header('Access-Control-Allow-Headers', 'authorization, content-type');
  next();
});

const orders = new Map<string, { orderId: string; lines: { sku: string; qty: number; priceCents: number }[]; status: string }>();
const RETRYABLE_STATUS = new Set([502, 503, 504]);

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok', retryable: [...RETRYABLE_STATUS] });
});

const api = express.Router();
api.use(requireAuth);

api.post('/orders', async (req, res) => {
  const lines = [];
  for (const line of req.body.lines as { sku: string; qty: number }[]) {
    const product = await lookupProduct(line.sku);
    lines.push({ ...line, priceCents: cachedPrice(line.sku) ?? product.priceCents });
  }
  const orderId = `o-${Date.now()}`;
  orders.set(orderId, { orderId, lines, status: 'placed' });
  emitOrderPlaced({ orderId, lines });
  const paid = await capture(orderId, lines.reduce((sum, l) => sum + l.priceCents * l.qty, 0));
  res.status(201).json({ orderId, paid });
});

api.get('/orders/:orderId', (req, res) => {
  const order = orders.get(req.params.orderId);
  return order ? res.json(order) : res.sendStatus(404);
});

api.post('/orders/:orderId/cancel', (req, res) => {
  const order = orders.get(req.params.orderId);
  if (!order) return res.sendStatus(404);
  order.status = 'cancelled';
  emitOrderCancelled(order.orderId);
  return res.json(order);
});

app.use('/api', api);

connectBus()
  .then(() => app.listen(Number(process.env.PORT ?? 3100)))
  .catch((err) => {
    process.stderr.write(`orders-service failed to start: ${String(err)}\n`);
    process.exit(1);
  });
