import { describe, expect, it } from 'vitest';
import { callsPerTool, requestIds, retryIntervals, toolAttempts, type TraceEntry } from '../../src/index.js';

let seq = 0;
const base = (start: number, monoMs: number) => ({ seq: ++seq, start, pid: 100 + start, monoMs, wallMs: 1_700_000_000_000 + monoMs });
const req = (start: number, t: number, id: number, tool: string, args: unknown, fault?: string): TraceEntry => ({
  ...base(start, t),
  type: 'message',
  dir: 'client->server',
  kind: 'request',
  id,
  method: 'tools/call',
  tool,
  bytes: 10,
  ...(fault ? { fault: { rule: 0, kind: fault } } : {}),
  message: { jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: args } },
});
const res = (start: number, t: number, id: number, tool: string, kind: 'response' | 'error', isError = false): TraceEntry => ({
  ...base(start, t),
  type: 'message',
  dir: 'server->client',
  kind,
  id,
  method: 'tools/call',
  tool,
  bytes: 10,
  ...(isError ? { isError: true } : {}),
  ...(kind === 'error' ? { errorCode: -32001 } : {}),
});
const exit = (start: number, t: number): TraceEntry => ({ ...base(start, t), type: 'event', event: 'server-exit', exitCode: null, signal: 'SIGKILL' });

// One logical call of get_contract: error, dies (no answer, reconnect), error, success; then a different call.
const trace: TraceEntry[] = [
  req(1, 0, 1, 'get_contract', { id: 'c1' }, 'transient-error'),
  res(1, 5, 1, 'get_contract', 'error'),
  req(1, 1005, 2, 'get_contract', { id: 'c1' }, 'server-dies'),
  exit(1, 1010),
  req(2, 3010, 1, 'get_contract', { id: 'c1' }),
  res(2, 3020, 1, 'get_contract', 'response', true),
  req(2, 7020, 2, 'get_contract', { id: 'c1' }),
  res(2, 7030, 2, 'get_contract', 'response'),
  req(2, 8000, 3, 'get_contract', { id: 'c2' }),
  res(2, 8010, 3, 'get_contract', 'response'),
  req(2, 8100, 4, 'validate_endpoint', {}),
];

describe('trace queries', () => {
  it('counts calls per tool and lists request ids in order', () => {
    expect(callsPerTool(trace)).toEqual({ get_contract: 5, validate_endpoint: 1 });
    expect(requestIds(trace, { method: 'tools/call' })).toEqual([1, 2, 1, 2, 3, 4]);
  });

  it('pairs attempts with their outcome; an unanswered call ends with its session', () => {
    const a = toolAttempts(trace, 'get_contract');
    expect(a.map((x) => [x.start, x.outcome, x.endMonoMs])).toEqual([
      [1, 'error', 5],
      [1, 'no-answer', 1010],
      [2, 'is-error', 3020],
      [2, 'result', 7030],
      [2, 'result', 8010],
    ]);
    expect(toolAttempts(trace, 'validate_endpoint')[0]!.outcome).toBe('no-answer');
  });

  it('measures the waits between retries of one logical call, across reconnects', () => {
    const groups = retryIntervals(trace, 'get_contract');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.map((r) => [r.retry, r.sinceEndMs, r.sinceRequestMs])).toEqual([
      [1, 1000, 1005],
      [2, 2000, 2005],
      [3, 4000, 4010],
    ]);
    expect(retryIntervals(trace, 'validate_endpoint')).toEqual([]);
  });
});
