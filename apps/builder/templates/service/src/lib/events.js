// Event publishing over HTTP: POST {event, payload} envelopes to the
// consumer (best effort, bounded retries, every attempt logged).
import { childTraceparent } from './trace.js';
import { conform } from './schema.js';

/** Build the message payload of `event` from an entity record. */
export function payloadFor(event, record) {
  const props = event.payload?.properties ?? {};
  const now = new Date().toISOString();
  const draft = {};
  for (const [key, schema] of Object.entries(props)) {
    if (record[key] !== undefined) draft[key] = record[key];
    else if (key === event.idField) draft[key] = record.id;
    else if (schema.format === 'date-time' && key.endsWith('_at')) draft[key] = now;
  }
  return conform(event.payload ?? {}, draft);
}

export class EventPublisher {
  constructor({ events, env, logger }) {
    this.events = events;
    this.env = env;
    this.logger = logger;
    this.pending = new Set();
  }

  /** Publish every event whose trigger matches `(entity, change)`; never throws. */
  emit(entity, change, record, trace) {
    for (const event of this.events) {
      const t = event.trigger;
      if (t.entity !== entity) continue;
      if (t.on === 'create' && change.type !== 'create') continue;
      if (t.on === 'status' && !(change.type === 'status' && change.to === t.value)) continue;
      const job = this.deliver(event, payloadFor(event, record), trace).finally(() => this.pending.delete(job));
      this.pending.add(job);
    }
  }

  async deliver(event, payload, trace) {
    const base = this.env[event.targetEnv];
    if (!base) {
      this.logger.warn('event not delivered: target URL not configured', { event: event.name, env: event.targetEnv });
      return false;
    }
    const url = `${String(base).replace(/\/+$/, '')}${event.route}`;
    const body = JSON.stringify({ event: event.name, payload });
    const attempts = Number(this.env.EVENT_RETRIES || 3);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const traceparent = childTraceparent(trace);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', traceparent },
          body,
          signal: AbortSignal.timeout(3000),
        });
        if (response.ok) {
          this.logger.info('event delivered', { event: event.name, url, status: response.status, attempt, trace_id: trace.traceId });
          return true;
        }
        this.logger.warn('event delivery refused', { event: event.name, url, status: response.status, attempt, trace_id: trace.traceId });
        if (response.status < 500) return false;
      } catch (error) {
        this.logger.warn('event delivery failed', { event: event.name, url, attempt, error: String(error?.message ?? error), trace_id: trace.traceId });
      }
      if (attempt < attempts) await new Promise((r) => setTimeout(r, 150 * 2 ** (attempt - 1)));
    }
    this.logger.error('event dropped after retries', { event: event.name, url, attempts });
    return false;
  }

  /** Wait for deliveries in flight (used on shutdown and by tests). */
  async flush() {
    await Promise.allSettled([...this.pending]);
  }
}
