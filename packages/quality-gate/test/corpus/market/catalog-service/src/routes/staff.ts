import { Router, type NextFunction, type Request, type Response } from 'express';
import { logger } from '../logger.js';
import { products, removeProduct } from '../store.js';

const staffKeys = new Set((process.env.STAFF_API_KEYS ?? '').split(',').filter(Boolean));

function checkStaff(req: Request, res: Response, next: NextFunction): void {
  const key = req.get('x-api-key');
  if (!key || !staffKeys.has(key)) {
    res.status(401).send('unauthorized');
    return;
  }
  next();
}

export const staffRouter = Router();
staffRouter.use(checkStaff);

staffRouter.post('/reindex', (req, res) => {
  logger.info({ by: req.get('x-api-key') }, 'reindex requested');
  res.status(202).json({ queued: products.size });
});

staffRouter.delete('/products/:sku', (req, res) => {
  removeProduct(req.params.sku);
  res.status(204).end();
});
