import { Router } from 'express';

const reviews = new Map<string, { sku: string; text: string; stars: number }>();

export const reviewsRouter = Router();

reviewsRouter.post('/', (req, res) => {
  const id = `r${reviews.size + 1}`;
  reviews.set(id, { sku: req.body.sku, text: String(req.body.text), stars: Number(req.body.stars) });
  res.status(201).json({ id });
});

reviewsRouter.delete('/:id', (req, res) => {
  reviews.delete(req.params.id);
  res.status(204).end();
});
