import { isDeepStrictEqual } from 'node:util';
import type { TraceEntry, TraceMessage } from './trace-schema.js';

/** One `tools/call` as the trace shows it: request, answer (if any) and how it ended. */
export interface ToolAttempt {
  tool: string;
  start: number;
  id: string | number;
  arguments: unknown;
  requestMonoMs: number;
  /** When the call ended: its answer, or the end of its session (server exit / client EOF) when it got none. */
  endMonoMs: number | undefined;
  outcome: 'result' | 'is-error' | 'error' | 'no-answer';
  errorCode?: number;
  /** The fault injected into this call, if any. */
  fault?: string;
  /** The answer's `result` (or `error`) as the client received it, when the trace keeps bodies. */
  answer?: unknown;
}

const isMessage = (e: TraceEntry): e is TraceMessage => e.type === 'message';

/**
 * Number of `tools/call` requests the client sent per tool (faulted ones included).
 *
 * @example
 * callsPerTool(readTrace('trace.jsonl')); // { get_contract: 4 }
 */
export function callsPerTool(trace: readonly TraceEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of trace) {
    if (isMessage(e) && e.dir === 'client->server' && e.kind === 'request' && e.method === 'tools/call' && e.tool) counts[e.tool] = (counts[e.tool] ?? 0) + 1;
  }
  return counts;
}

/**
 * The ids of the client's requests in the order the interposer saw them
 * (optionally only one method), e.g. to compare with the calls a client made.
 *
 * @example
 * requestIds(trace, { method: 'tools/call' }); // [2, 3, 4]
 */
export function requestIds(trace: readonly TraceEntry[], filter: { method?: string; dir?: TraceMessage['dir'] } = {}): Array<string | number> {
  const dir = filter.dir ?? 'client->server';
  return trace
    .filter((e): e is TraceMessage => isMessage(e) && e.dir === dir && e.kind === 'request' && e.id !== undefined && (filter.method === undefined || e.method === filter.method))
    .map((e) => e.id!);
}

/**
 * Every `tools/call` of one tool (or all tools) with its outcome and timing,
 * in trace order across all starts.
 *
 * @example
 * toolAttempts(trace, 'echo').map((a) => a.outcome); // ['error', 'error', 'result']
 */
export function toolAttempts(trace: readonly TraceEntry[], tool?: string): ToolAttempt[] {
  const attempts: ToolAttempt[] = [];
  const open = new Map<string, ToolAttempt>();
  const key = (start: number, pid: number, id: string | number) => `${pid}:${start}:${typeof id}:${id}`;
  const closeAll = (pid: number, start: number, t: number) => {
    for (const [k, a] of open) {
      if (k.startsWith(`${pid}:${start}:`)) {
        a.endMonoMs = t;
        open.delete(k);
      }
    }
  };
  for (const e of trace) {
    if (e.type === 'event') {
      if (e.event === 'server-exit' || e.event === 'client-eof') closeAll(e.pid, e.start, e.monoMs);
      continue;
    }
    if (e.method !== 'tools/call' || !e.tool || (tool !== undefined && e.tool !== tool) || e.id === undefined) continue;
    if (e.dir === 'client->server' && e.kind === 'request') {
      const params = (e.message as { params?: { arguments?: unknown } } | undefined)?.params;
      const a: ToolAttempt = {
        tool: e.tool,
        start: e.start,
        id: e.id,
        arguments: params?.arguments,
        requestMonoMs: e.monoMs,
        endMonoMs: undefined,
        outcome: 'no-answer',
        ...(e.fault ? { fault: e.fault.kind } : {}),
      };
      attempts.push(a);
      open.set(key(e.start, e.pid, e.id), a);
    } else if (e.dir === 'server->client' && (e.kind === 'response' || e.kind === 'error') && !e.dropped) {
      const a = open.get(key(e.start, e.pid, e.id));
      if (!a) continue;
      open.delete(key(e.start, e.pid, e.id));
      a.endMonoMs = e.monoMs;
      a.outcome = e.kind === 'error' ? 'error' : e.isError ? 'is-error' : 'result';
      if (e.errorCode !== undefined) a.errorCode = e.errorCode;
      const body = e.message as { result?: unknown; error?: unknown } | undefined;
      if (body && typeof body === 'object') a.answer = e.kind === 'error' ? body.error : body.result;
    }
  }
  return attempts;
}

/** The wait before one retry: from the failed attempt's end to the next attempt's request. */
export interface RetryInterval {
  tool: string;
  /** Which retry of the logical call (1 = first retry). */
  retry: number;
  /** From the failed attempt's end (answer or session end) to the retry's request, ms. */
  sinceEndMs: number;
  /** From the failed attempt's request to the retry's request, ms. */
  sinceRequestMs: number;
}

/**
 * The intervals between retries of one tool call: consecutive attempts of
 * `tool` with equal arguments where the earlier one did not succeed form one
 * logical call; a successful attempt ends it. Intervals span reconnects
 * (a new start of the interposer), since the clock is machine-wide.
 *
 * @example
 * retryIntervals(readTrace('trace.jsonl'), 'get_contract').map((r) => Math.round(r.sinceEndMs)); // ≈ [1000, 2000, 4000]
 */
export function retryIntervals(trace: readonly TraceEntry[], tool: string): RetryInterval[][] {
  const groups: RetryInterval[][] = [];
  let current: RetryInterval[] | undefined;
  let prev: ToolAttempt | undefined;
  for (const a of toolAttempts(trace, tool)) {
    if (prev && prev.outcome !== 'result' && isDeepStrictEqual(prev.arguments, a.arguments)) {
      if (!current) {
        current = [];
        groups.push(current);
      }
      current.push({
        tool,
        retry: current.length + 1,
        sinceEndMs: a.requestMonoMs - (prev.endMonoMs ?? prev.requestMonoMs),
        sinceRequestMs: a.requestMonoMs - prev.requestMonoMs,
      });
    } else {
      current = undefined;
    }
    prev = a;
  }
  return groups;
}
