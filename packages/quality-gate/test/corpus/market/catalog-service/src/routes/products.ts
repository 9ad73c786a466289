import { Router } from 'express';
import { publishPriceChange } from '../events.js';
import { logger } from '../logger.js';
import { products, updatePrice } from '../store.js';

export const productsRouter = Router();

productsRouter.get('/', (_req, res) => {
  res.json([...products.values()]);
});

productsRouter.get('/:sku', (req, res) => {
  const product = products.get(req.params.sku);
  if (!product) return res.status(404).json({ error: 'unknown sku' });
  return res.json(product);
});

productsRouter.put('/:sku/price', async (req, res) => {
  const updated = updatePrice(req.params.sku, Number(req.body.priceCents));
  if (!updated) return res.status(404).end();
  const { previous, product } = updated;
  await publishPriceChange(product.sku, previous, product.priceCents);
  logger.info({ sku: product.sku, user: res.locals.user?.sub }, 'price changed; token verified');
  return res.json(product);
});
