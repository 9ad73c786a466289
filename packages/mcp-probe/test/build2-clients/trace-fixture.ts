import type { TraceEntry } from '../../src/interposer/trace-schema.js';

/**
 * A small trace writer for judge tests: the entries an interposer would
 * write for one client session, with a clock the test moves.
 */
export class TraceFixture {
  readonly entries: TraceEntry[] = [];
  private seq = 0;
  private nextId = 1;
  private start = 0;
  now = 1000;

  private common() {
    return { seq: ++this.seq, start: this.start, pid: 4242, monoMs: this.now, wallMs: 1_700_000_000_000 + this.now };
  }

  /** A server start (`refused`: the fault schedule refused it). */
  started(refused = false): this {
    this.start++;
    this.seq = 0;
    this.entries.push({ type: 'event', ...this.common(), event: refused ? 'start-refused' : 'start' });
    return this;
  }

  initialize(): this {
    const id = this.nextId++;
    this.entries.push({ type: 'message', ...this.common(), dir: 'client->server', kind: 'request', id, method: 'initialize', bytes: 10, message: { jsonrpc: '2.0', id, method: 'initialize' } });
    this.entries.push({ type: 'message', ...this.common(), dir: 'server->client', kind: 'response', id, method: 'initialize', bytes: 10, message: { jsonrpc: '2.0', id, result: {} } });
    return this;
  }

  listTools(tools: Array<{ name: string; inputSchema: unknown }>): this {
    const id = this.nextId++;
    this.entries.push({ type: 'message', ...this.common(), dir: 'client->server', kind: 'request', id, method: 'tools/list', bytes: 10, message: { jsonrpc: '2.0', id, method: 'tools/list' } });
    this.entries.push({ type: 'message', ...this.common(), dir: 'server->client', kind: 'response', id, method: 'tools/list', bytes: 10, message: { jsonrpc: '2.0', id, result: { tools } } });
    return this;
  }

  /**
   * One tools/call: `answer` a JSON value (sent as text content), or an
   * injected fault (`transient-error` / `permanent-error`, answered as a
   * JSON-RPC error). The clock moves `ms` during the call.
   */
  call(tool: string, args: Record<string, unknown>, answer: { json?: unknown; fault?: 'transient-error' | 'permanent-error' }, ms = 5): this {
    const id = this.nextId++;
    const fault = answer.fault ? { rule: 0, kind: answer.fault } : undefined;
    this.entries.push({
      type: 'message', ...this.common(), dir: 'client->server', kind: 'request', id, method: 'tools/call', tool, bytes: 10,
      ...(fault ? { fault } : {}), message: { jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: args } },
    });
    this.now += ms;
    if (answer.fault) {
      const code = answer.fault === 'transient-error' ? -32001 : -32602;
      this.entries.push({ type: 'message', ...this.common(), dir: 'server->client', kind: 'error', id, method: 'tools/call', tool, bytes: 10, injected: true, fault: fault!, errorCode: code, message: { jsonrpc: '2.0', id, error: { code, message: 'injected' } } });
    } else {
      this.entries.push({
        type: 'message', ...this.common(), dir: 'server->client', kind: 'response', id, method: 'tools/call', tool, bytes: 10, isError: false,
        message: { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: JSON.stringify(answer.json ?? {}) }] } },
      });
    }
    return this;
  }

  /** Let `ms` pass (a client's backoff). */
  wait(ms: number): this {
    this.now += ms;
    return this;
  }

  trace(file = '/traces/server.trace.jsonl') {
    return { file, entries: this.entries };
  }
}
