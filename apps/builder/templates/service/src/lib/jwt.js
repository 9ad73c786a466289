// JWT HS256 with node:crypto only. The signing secret always comes from the
// caller (the JWT_SECRET environment variable), never from the code.
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (input) => Buffer.from(input).toString('base64url');

/** Sign `claims` (iat/exp added) with HS256. */
export function signJwt(claims, secret, ttlSeconds = 3600) {
  if (!secret) throw new Error('JWT signing needs JWT_SECRET to be set');
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds }));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** Verify an HS256 JWT (signature, algorithm, expiry); returns its claims or throws. */
export function verifyJwt(jwt, secret) {
  if (!secret) throw new Error('JWT verification needs JWT_SECRET to be set');
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3) throw new Error('malformed JWT');
  const [header, body, signature] = parts;
  let head;
  let claims;
  try {
    head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new Error('malformed JWT');
  }
  if (head.alg !== 'HS256') throw new Error(`unsupported JWT algorithm ${head.alg}`);
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad JWT signature');
  if (typeof claims.exp !== 'number' || claims.exp <= Math.floor(Date.now() / 1000)) throw new Error('expired JWT');
  return claims;
}
