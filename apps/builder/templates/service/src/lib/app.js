// The request pipeline: route -> authenticate -> parse -> validate against
// the contract -> handler -> shape the response to the contract -> log.
import { authenticate } from './auth.js';
import { compilePath, HttpError, readJson, sendJson } from './http.js';
import { conform, validate } from './schema.js';
import { traceFrom } from './trace.js';

function coerce(schema, raw) {
  if (raw === undefined) return undefined;
  const type = Array.isArray(schema?.type) ? schema.type.find((t) => t !== 'null') : schema?.type;
  if ((type === 'integer' || type === 'number') && raw !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function validateInput(ctx) {
  const op = ctx.op;
  const problems = [];
  for (const p of op.params) {
    const source = p.in === 'path' ? ctx.params : p.in === 'query' ? ctx.query : p.in === 'header' ? ctx.req.headers : undefined;
    if (!source) continue;
    const key = p.in === 'header' ? p.name.toLowerCase() : p.name;
    const value = coerce(p.schema, source[key]);
    if (value === undefined) {
      if (p.required) problems.push(`${p.in} parameter ${p.name}: required`);
      continue;
    }
    if (p.in !== 'header') source[key] = value;
    problems.push(...validate(p.schema, value, `${p.in}.${p.name}`));
  }
  if (op.requestBody) {
    if (ctx.body === undefined) {
      if (op.requestBody.required) problems.push('body: required');
    } else {
      problems.push(...validate(op.requestBody.schema, ctx.body, 'body'));
    }
  }
  if (problems.length > 0) throw new HttpError(op.validationStatus, 'validation_failed', 'request does not match the contract', problems);
}

/**
 * Build the node:http request listener for `operations`, dispatching to
 * `handlers` keyed by "METHOD /path".
 */
export function createApp({ service, operations, handlers, env, logger, store, events }) {
  const routes = operations
    .filter((op) => typeof handlers[op.key] === 'function')
    .map((op) => ({ op, match: compilePath(op.path), handler: handlers[op.key] }));

  function errorBody(op, status, error) {
    const body = { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
    const schema = op?.responses?.[status];
    return schema ? conform(schema, body) : body;
  }

  return async function listener(req, res) {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://service.local');
    const trace = traceFrom(req.headers.traceparent);
    let op;
    let status = 500;
    try {
      const candidates = routes.map((r) => ({ r, params: r.match(url.pathname) })).filter((c) => c.params);
      const hit = candidates.find((c) => c.r.op.method === req.method);
      if (!hit) {
        if (candidates.length > 0) throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
        throw new HttpError(404, 'not_found', `no route for ${req.method} ${url.pathname}`);
      }
      op = hit.r.op;
      const ctx = {
        req, op, service, env, logger, store, events, trace,
        params: hit.params,
        query: Object.fromEntries(url.searchParams.entries()),
        body: undefined,
        user: undefined,
      };
      if (op.secured) ctx.user = await authenticate(ctx);
      if (op.requestBody || ['POST', 'PUT', 'PATCH'].includes(req.method)) ctx.body = await readJson(req);
      validateInput(ctx);
      const result = await hit.r.handler(ctx);
      status = Number(result.status);
      sendJson(res, status, result.body, { traceparent: `00-${trace.traceId}-${trace.spanId}-${trace.flags}` });
    } catch (error) {
      const known = error instanceof HttpError;
      status = known ? error.status : 500;
      if (!known) logger.error('unhandled error', { error: String(error?.stack ?? error), trace_id: trace.traceId });
      const shaped = known ? error : new HttpError(500, 'internal_error', 'internal error');
      sendJson(res, status, errorBody(op, status, shaped));
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', { method: req.method, path: url.pathname, status, duration_ms: Math.round(ms * 10) / 10, trace_id: trace.traceId });
    }
  };
}

/** Shape a handler result's body to the contract's schema for its status. */
export function shape(ctx, result) {
  const schema = ctx.op.responses[result.status];
  return schema && result.body !== undefined ? conform(schema, result.body) : result.body;
}
