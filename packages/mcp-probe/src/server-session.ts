import { McpConnection, type CallOutcome } from './connection.js';
import type { ResolvedServer } from './mcp-config.js';

/**
 * The probe's handle on one server: the current connection plus what it
 * takes to reconnect, and every successful call's latency per tool.
 */
export class ServerSession {
  readonly server: ResolvedServer;
  conn: McpConnection;
  readonly samples = new Map<string, number[]>();
  private readonly startupTimeoutMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly roots: string[] | undefined;
  readonly opened: McpConnection[] = [];

  /** `roots`: the directories every new connection offers the server as MCP roots. */
  constructor(server: ResolvedServer, conn: McpConnection, startupTimeoutMs: number, signal?: AbortSignal, roots?: string[]) {
    this.server = server;
    this.conn = conn;
    this.opened.push(conn);
    this.startupTimeoutMs = startupTimeoutMs;
    this.signal = signal;
    this.roots = roots;
  }

  /** Open another, independent connection to the same server (closed by `closeAll`). */
  async openExtra(): Promise<McpConnection> {
    const conn = await McpConnection.open(this.server, { startupTimeoutMs: this.startupTimeoutMs, signal: this.signal, roots: this.roots });
    this.opened.push(conn);
    return conn;
  }

  /** Replace the current connection with a fresh one (after a crash or for a reopen). */
  async reconnect(): Promise<McpConnection> {
    await this.conn.close();
    this.conn = await this.openExtra();
    return this.conn;
  }

  /** True once the caller's AbortSignal fired. */
  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** Reconnect only if the current connection has died. */
  async ensureAlive(): Promise<void> {
    if (this.conn.closed) await this.reconnect();
  }

  /** Call a tool on the current connection and record the latency of non-error results. */
  async call(tool: string, args: Record<string, unknown> | undefined, timeoutMs: number): Promise<CallOutcome> {
    const outcome = await this.conn.callTool(tool, args, timeoutMs, this.signal);
    if (outcome.kind === 'result' && !outcome.result.isError) this.record(tool, outcome.ms);
    return outcome;
  }

  record(tool: string, ms: number): void {
    const list = this.samples.get(tool) ?? [];
    list.push(ms);
    this.samples.set(tool, list);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.close()));
  }
}
