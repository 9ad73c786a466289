import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorText } from '../connection.js';
import { corruptResponse, injectedReply } from './fault-actions.js';
import { parseFaultSchedule, type FaultSchedule, type FaultScheduleInput } from './fault-schedule.js';
import { FaultCounters, type FaultDecision } from './fault-state.js';
import { classifyLine, type ClassifiedLine } from './json-rpc-line.js';
import type { TraceEntry, TraceMessage } from './trace-schema.js';
import { TraceWriter } from './trace-writer.js';

export interface HttpInterposerOptions {
  /** The streamable-HTTP MCP server, e.g. `http://127.0.0.1:3001/mcp`; requests keep their own path. */
  target: string;
  /** Where the interposer listens (default 127.0.0.1, a free port). */
  host?: string;
  port?: number;
  tracePath?: string;
  statePath?: string;
  faults?: FaultSchedule | FaultScheduleInput;
  recordBodies?: boolean;
  onEntry?: (entry: TraceEntry) => void;
}

export interface HttpInterposerHandle {
  /** Base URL to point the client at (same path as the target's). */
  readonly url: string;
  readonly start: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const idKey = (id: string | number) => `${typeof id}:${id}`;

/**
 * The interposer for streamable-HTTP servers: an HTTP proxy that forwards
 * every request and response (JSON or SSE) unchanged, records each JSON-RPC
 * message in the same trace and injects the same faults. `server-dies`
 * drops the client's connection mid-call; `startup.unavailable` does not
 * apply (there is no process to start).
 *
 * @example
 * const h = await startHttpInterposer({ target: 'http://127.0.0.1:3001/mcp', tracePath: 'trace.jsonl' });
 * // point the client at new URL('/mcp', h.url)
 * await h.close();
 */
export async function startHttpInterposer(options: HttpInterposerOptions): Promise<HttpInterposerHandle> {
  const schedule = parseFaultSchedule(options.faults ?? {}, 'faults');
  const target = new URL(options.target);
  const statePath = options.statePath ?? (options.tracePath ? `${options.tracePath}.state.json` : undefined);
  const counters = new FaultCounters(schedule, statePath);
  const trace = new TraceWriter(options.tracePath, options.onEntry);
  const start = counters.recordStart();
  trace.start = start;
  const recordBodies = options.recordBodies ?? true;
  const pending = new Map<string, { method: string; tool: string | undefined; decision: FaultDecision | undefined }>();

  const record = (c: ClassifiedLine, dir: TraceMessage['dir'], bytes: number, extra: Partial<TraceMessage> = {}) => {
    const m = c.message;
    trace.write({
      type: 'message',
      dir,
      kind: c.kind,
      ...(c.id !== undefined ? { id: c.id } : {}),
      ...(c.method !== undefined ? { method: c.method } : {}),
      ...(c.tool !== undefined ? { tool: c.tool } : {}),
      bytes,
      ...(c.kind === 'response' && (m?.result as { isError?: unknown } | undefined)?.isError === true ? { isError: true } : {}),
      ...(c.kind === 'error' && typeof (m?.error as { code?: unknown } | undefined)?.code === 'number' ? { errorCode: (m!.error as { code: number }).code } : {}),
      ...extra,
      ...(recordBodies && m !== undefined ? { message: m } : {}),
    });
  };

  /** Record one server→client message; returns the bytes to send (corrupted when its call has a malformed-result fault). */
  const fromServer = (raw: Buffer): Buffer => {
    const c = classifyLine(raw);
    const p = (c.kind === 'response' || c.kind === 'error') && c.id !== undefined ? pending.get(idKey(c.id)) : undefined;
    if (p) pending.delete(idKey(c.id!));
    const about = p ? { method: p.method, ...(p.tool ? { tool: p.tool } : {}) } : {};
    const d = p?.decision;
    if (d && d.fault.kind === 'malformed-result' && c.kind === 'response') {
      const bad = corruptResponse(Buffer.concat([raw, Buffer.from('\n')]), c, p!.method, d.fault.mode);
      const out = bad.subarray(0, bad.length - 1);
      record(classifyLine(out), 'server->client', out.length, { ...about, fault: { rule: d.rule, kind: d.fault.kind } });
      return out;
    }
    record(c, 'server->client', raw.length, about);
    return raw;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let decision: FaultDecision | undefined;
    let single: ClassifiedLine | undefined;
    if (body.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      const items = Array.isArray(parsed) ? parsed.map((x) => Buffer.from(JSON.stringify(x))) : [body];
      for (const item of items) {
        const c = classifyLine(item);
        let d: FaultDecision | undefined;
        if (c.kind === 'request') {
          d = counters.decide({ method: c.method!, tool: c.tool });
          pending.set(idKey(c.id!), { method: c.method!, tool: c.tool, decision: d });
        }
        if (!Array.isArray(parsed)) {
          single = c;
          decision = d;
        }
        record(c, 'client->server', Array.isArray(parsed) ? item.length : body.length, d ? { fault: { rule: d.rule, kind: d.fault.kind } } : {});
      }
    }
    const f = decision?.fault;
    if (single && decision && f && (f.kind === 'transient-error' || f.kind === 'permanent-error')) {
      pending.delete(idKey(single.id!));
      const reply = injectedReply(single.id!, f);
      const out = reply.subarray(0, reply.length - 1);
      record(classifyLine(out), 'server->client', out.length, { method: single.method, ...(single.tool ? { tool: single.tool } : {}), fault: { rule: decision.rule, kind: f.kind }, injected: true });
      res.writeHead(200, { 'content-type': 'application/json' }).end(out);
      return;
    }
    if (f?.kind === 'delay') await new Promise((r) => setTimeout(r, f.ms));
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const upstreamPromise = fetch(new URL(req.url ?? '/', target), {
      method: req.method,
      headers,
      ...(body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
      signal: abort.signal,
    });
    if (f?.kind === 'server-dies') {
      upstreamPromise.catch(() => undefined);
      trace.write({ type: 'event', event: 'fault-kill', fault: { rule: decision!.rule, kind: f.kind }, detail: 'client connection dropped mid-call' });
      setTimeout(() => req.socket.destroy(), f.afterMs);
      return;
    }
    const upstream = await upstreamPromise;
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!HOP_BY_HOP.has(k)) out[k] = v;
    });
    res.writeHead(upstream.status, out);
    const type = upstream.headers.get('content-type') ?? '';
    if (!upstream.body) return void res.end();
    if (type.includes('text/event-stream')) {
      let buf = Buffer.alloc(0);
      for await (const chunk of upstream.body as AsyncIterable<Uint8Array>) {
        buf = Buffer.concat([buf, chunk]);
        let end = buf.indexOf('\n\n');
        while (end !== -1) {
          res.write(sseEvent(buf.subarray(0, end + 2), fromServer));
          buf = buf.subarray(end + 2);
          end = buf.indexOf('\n\n');
        }
      }
      res.end(buf);
      return;
    }
    const raw = Buffer.from(await upstream.arrayBuffer());
    res.end(type.includes('application/json') && raw.length > 0 ? jsonBody(raw, fromServer) : raw);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.destroyed || req.socket.destroyed) return; // the client went away (closed its stream): nothing to report
      trace.write({ type: 'event', event: 'upstream-error', detail: `upstream ${target.href}: ${errorText(error)}` });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`run4 interpose: upstream ${target.href} failed: ${errorText(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  trace.write({ type: 'event', event: 'start', command: ['http', target.href], detail: `listening on ${url}` });
  return {
    url,
    start,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          trace.close();
          resolve();
        });
      }),
  };
}

/** One SSE event: its `data:` lines are one JSON-RPC message; unchanged unless `fromServer` changed it. */
function sseEvent(event: Buffer, fromServer: (raw: Buffer) => Buffer): Buffer {
  const lines = event.toString('utf8').split('\n');
  const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
  if (data.length === 0) return event;
  const raw = Buffer.from(data.join('\n'));
  const sent = fromServer(raw);
  if (sent === raw) return event;
  const other = lines.filter((l) => !l.startsWith('data:') && l !== '');
  return Buffer.from([...other, `data: ${sent.toString('utf8')}`, '', ''].join('\n'));
}

/** A JSON response body: one message or a batch. */
function jsonBody(raw: Buffer, fromServer: (raw: Buffer) => Buffer): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return raw;
  }
  if (!Array.isArray(parsed)) return fromServer(raw);
  const inputs = parsed.map((x) => Buffer.from(JSON.stringify(x)));
  const items = inputs.map((x) => fromServer(x));
  if (items.every((b, i) => b === inputs[i])) return raw;
  return Buffer.from(`[${items.map((b) => b.toString('utf8')).join(',')}]`);
}
