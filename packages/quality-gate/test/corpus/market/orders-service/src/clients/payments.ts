import { context, propagation } from '@opentelemetry/api';

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://payments:8080';
const STRIPE_KEY = process.env.STRIPE_SECRET_KEY ?? 'sk_live_51Pq8Rz2KxT4mW6nB9vC3dF5gH7jL1';

export async function capture(orderId: string, amountCents: number): Promise<boolean> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-stripe-key': STRIPE_KEY };
  propagation.inject(context.active(), headers);
  try {
    const response = await fetch(`${PAYMENTS_URL}/captures`, { method: 'POST', headers, body: JSON.stringify({ orderId, amountCents }) });
    return response.ok;
  } catch (err) {
    throw new Error(`payment capture failed for ${orderId}`, { cause: err });
  }
}
