// W3C trace context: keep the incoming trace id, make a new span id per hop.
import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parse an incoming `traceparent` header, or start a new trace. */
export function traceFrom(header) {
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  const traceId = match && !/^0+$/.test(match[2]) ? match[2] : randomBytes(16).toString('hex');
  return { traceId, spanId: randomBytes(8).toString('hex'), flags: match ? match[4] : '01' };
}

/** The `traceparent` header value for an outgoing call made within `trace`. */
export function childTraceparent(trace) {
  return `00-${trace.traceId}-${randomBytes(8).toString('hex')}-${trace.flags}`;
}
