import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';

const issuerPublicKey = process.env.ISSUER_PUBLIC_KEY ?? '';

export function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  try {
    res.locals.claims = jwt.verify(token, issuerPublicKey, { algorithms: ['RS256', 'HS256'] });
    next();
  } catch {
    res.sendStatus(401);
  }
}
