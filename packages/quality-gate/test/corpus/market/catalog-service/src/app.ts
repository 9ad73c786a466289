import cors from 'cors';
import express from 'express';
import { startConsumers } from './events.js';
import { logger } from './logger.js';
import { ensureSignedIn } from './middleware/session.js';
import { productsRouter } from './routes/products.js';
import { reviewsRouter } from './routes/reviews.js';
import { staffRouter } from './routes/staff.js';

const allowedOrigins = (process.env.CORS_ORIGINS ?? 'https://shop.market.example').split(',');

const app = express();
app.use(
  cors({
    origin: (origin, callback) => callback(null, !origin || allowedOrigins.includes(origin)),
    credentials: true,
  }),
);
app.use(express.json({ limit: '256kb' }));

app.get('/health', (_req, res) => res.json({ status: 'ok' }));

app.use('/api/products', ensureSignedIn, productsRouter);
app.use('/api/staff', staffRouter);
app.use('/api/reviews', reviewsRouter);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`catalog-service listening on ${port}`);
});
startConsumers().catch((err) => logger.error({ err }, 'consumers failed'));
