import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';

const publicKey = process.env.SESSION_PUBLIC_KEY ?? '';

/** Rejects requests without a valid session bearer. */
export function ensureSignedIn(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) {
    res.status(401).json({ error: 'sign in required' });
    return;
  }
  try {
    res.locals.user = jwt.verify(header.slice(7), publicKey, { algorithms: ['RS256'] });
    next();
  } catch {
    res.status(401).json({ error: 'session expired' });
  }
}
