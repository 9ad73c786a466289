import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { callerOf } from './auth.js';
import { pool } from './db.js';

const ALLOWED_ORIGINS = new Set(['https://frontdesk.bookings.example', 'https://housekeeping.bookings.example']);
const ROOMS_URL = process.env.ROOMS_URL ?? 'http://rooms-api:3300';
const ROOMS_KEY = 'Bearer 4c1f9e7a2b8d6c3e5f0a9b7d1e3c5a8f';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
}

const server = createServer(async (req, res) => {
  const origin = req.headers.origin;
  if (origin && ALLOWED_ORIGINS.has(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
  const url = new URL(req.url ?? '/', 'http://inventory');

  if (url.pathname === '/ready') return json(res, 200, { ready: true });

  const caller = callerOf(req);
  if (!caller) return json(res, 401, { error: 'unauthorized' });

  if (req.method === 'GET' && url.pathname === '/linen') {
    const { rows } = await pool.query('SELECT item, count FROM linen');
    return json(res, 200, rows);
  }

  if (req.method === 'POST' && url.pathname === '/linen/restock') {
    const body = await readBody(req);
    const rooms = await fetch(`${ROOMS_URL}/rooms`, { headers: { 'x-api-key': ROOMS_KEY } });
    await pool.query('UPDATE linen SET count = count + $1 WHERE item = $2', [body.count, body.item]);
    return json(res, 200, { restocked: body.item, rooms: ((await rooms.json()) as unknown[]).length });
  }

  return json(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 3400));
