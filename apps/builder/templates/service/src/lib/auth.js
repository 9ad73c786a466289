// Bearer authentication. The token issuer verifies its own JWTs with
// JWT_SECRET; other services verify the signature locally when they know
// JWT_SECRET and confirm the token with the issuer over HTTP
// (AUTH_SERVICE_URL + AUTH_VERIFY_PATH), propagating traceparent.
import { HttpError } from './http.js';
import { verifyJwt } from './jwt.js';
import { childTraceparent } from './trace.js';

function bearerOf(req) {
  const header = String(req.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', 'missing or malformed Authorization: Bearer header');
  return match[1];
}

function localClaims(jwt, secret) {
  try {
    const claims = verifyJwt(jwt, secret);
    if (claims.type && claims.type !== 'access') throw new Error('not an access credential');
    return claims;
  } catch (error) {
    throw new HttpError(401, 'unauthorized', `credential rejected: ${error.message}`);
  }
}

async function confirmWithIssuer(ctx, jwt) {
  const base = String(ctx.env.AUTH_SERVICE_URL).replace(/\/+$/, '');
  const url = `${base}${ctx.env.AUTH_VERIFY_PATH || '/users/me'}`;
  const traceparent = childTraceparent(ctx.trace);
  let response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${jwt}`, traceparent, accept: 'application/json' },
      signal: AbortSignal.timeout(Number(ctx.env.AUTH_TIMEOUT_MS || 3000)),
    });
  } catch (error) {
    ctx.logger.error('auth-service unreachable', { url, error: String(error?.message ?? error), trace_id: ctx.trace.traceId });
    throw new HttpError(503, 'auth_unavailable', `auth-service could not be reached at ${url}`);
  }
  if (response.status === 401 || response.status === 403) throw new HttpError(401, 'unauthorized', 'auth-service rejected the credential');
  if (!response.ok) throw new HttpError(503, 'auth_unavailable', `auth-service answered ${response.status}`);
  const user = await response.json().catch(() => ({}));
  return { id: user.id, email: user.email };
}

/** Authenticate the request of a secured operation; returns `{ id, email }`. */
export async function authenticate(ctx) {
  const jwt = bearerOf(ctx.req);
  const secret = ctx.env.JWT_SECRET;
  if (ctx.service.issuer) {
    if (!secret) throw new HttpError(503, 'auth_unavailable', 'JWT_SECRET is not set on this service');
    const claims = localClaims(jwt, secret);
    return { id: claims.sub, email: claims.email };
  }
  if (!secret && !ctx.env.AUTH_SERVICE_URL) {
    throw new HttpError(503, 'auth_unavailable', 'neither JWT_SECRET nor AUTH_SERVICE_URL is set; cannot validate bearer credentials');
  }
  const claims = secret ? localClaims(jwt, secret) : undefined;
  if (ctx.env.AUTH_SERVICE_URL) return confirmWithIssuer(ctx, jwt);
  return { id: claims.sub, email: claims.email };
}
