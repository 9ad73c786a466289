import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { McpConnectError } from './errors.js';
import type { ResolvedServer } from './mcp-config.js';

/** What one `tools/call` came back as, without throwing. */
export type CallOutcome =
  | { kind: 'result'; result: CallToolResult; ms: number }
  | { kind: 'protocol-error'; code: number; message: string; ms: number }
  | { kind: 'timeout'; message: string; ms: number }
  | { kind: 'closed'; message: string; ms: number };

export interface ConnectOptions {
  /** Handshake deadline (spawn + initialize), ms. */
  startupTimeoutMs?: number;
  signal?: AbortSignal;
  clientName?: string;
}

const STDERR_KEEP = 4000;

/**
 * One live MCP session with one server (stdio child process or streamable
 * HTTP). Never leaves a child behind: `close()` ends the session and kills
 * the process if it did not exit.
 */
export class McpConnection {
  readonly server: ResolvedServer;
  readonly client: Client;
  readonly startupMs: number;
  private readonly transport: Transport;
  private closedFlag = false;
  private stderrTail = '';

  private constructor(server: ResolvedServer, client: Client, transport: Transport, startupMs: number) {
    this.server = server;
    this.client = client;
    this.transport = transport;
    this.startupMs = startupMs;
  }

  /**
   * Spawn (or reach) a server and complete the MCP handshake.
   *
   * @example
   * const conn = await McpConnection.open(server, { startupTimeoutMs: 30_000 });
   * const tools = await conn.listTools();
   * await conn.close();
   */
  static async open(server: ResolvedServer, options: ConnectOptions = {}): Promise<McpConnection> {
    const timeout = options.startupTimeoutMs ?? 30_000;
    const transport: Transport =
      server.transport === 'stdio'
        ? new StdioClientTransport({ command: server.command, args: server.args, env: server.env, cwd: server.cwd, stderr: 'pipe' })
        : new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers } });
    const client = new Client({ name: options.clientName ?? 'run4-mcp-probe', version: '0.1.0' }, { capabilities: {} });
    const started = performance.now();
    let stderr = '';
    if (transport instanceof StdioClientTransport) {
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
      });
    }
    try {
      await client.connect(transport, { timeout, signal: options.signal });
    } catch (cause) {
      const pid = transport instanceof StdioClientTransport ? transport.pid : null;
      await client.close().catch(() => undefined);
      if (pid) killQuietly(pid);
      const timedOut = cause instanceof McpError && cause.code === ErrorCode.RequestTimeout;
      const where = server.transport === 'stdio' ? `"${server.command} ${server.args.join(' ')}" in ${server.cwd}` : server.url;
      const tail = stderr.trim() ? `; server stderr: ${stderr.trim().slice(-500)}` : '';
      throw new McpConnectError(
        `MCP server "${server.name}" (${where}) ${timedOut ? `did not finish the handshake within ${timeout} ms` : `failed to start: ${errorText(cause)}`}${tail}. Check the command, cwd and env in the .mcp.json, or raise the startup timeout.`,
        { server: server.name, timedOut, cause },
      );
    }
    const c = new McpConnection(server, client, transport, performance.now() - started);
    c.stderrTail = stderr;
    if (transport instanceof StdioClientTransport) {
      transport.stderr?.on('data', (chunk: Buffer) => {
        c.stderrTail = (c.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEEP);
      });
    }
    client.onclose = () => {
      c.closedFlag = true;
    };
    return c;
  }

  /** Child pid for stdio servers, else null. */
  get pid(): number | null {
    return this.transport instanceof StdioClientTransport ? this.transport.pid : null;
  }

  /** True once the transport has closed (server exited, pipe broken, or `close()`). */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Last few KB the server wrote to stderr (stdio only). */
  get stderr(): string {
    return this.stderrTail;
  }

  /** `tools/list`, following pagination (bounded to 50 pages). */
  async listTools(timeoutMs = 30_000): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await this.client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
      tools.push(...res.tools);
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  /**
   * Call a tool and classify the outcome instead of throwing. The raw
   * result is returned as is (no client-side outputSchema check), so the
   * probe can judge it itself.
   */
  async callTool(name: string, args: Record<string, unknown> | undefined, timeoutMs: number, signal?: AbortSignal): Promise<CallOutcome> {
    const started = performance.now();
    const ms = () => performance.now() - started;
    if (this.closedFlag) return { kind: 'closed', message: 'session already closed (server exited)', ms: 0 };
    try {
      const result = await this.client.request(
        { method: 'tools/call', params: { name, arguments: args ?? {} } },
        CallToolResultSchema,
        { timeout: timeoutMs, signal },
      );
      return { kind: 'result', result, ms: ms() };
    } catch (error) {
      if (signal?.aborted) return { kind: 'closed', message: 'aborted by the caller', ms: ms() };
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return { kind: 'timeout', message: error.message, ms: ms() };
      if (this.closedFlag || (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)) {
        return { kind: 'closed', message: errorText(error), ms: ms() };
      }
      if (error instanceof McpError) return { kind: 'protocol-error', code: error.code, message: error.message, ms: ms() };
      return { kind: 'closed', message: errorText(error), ms: ms() };
    }
  }

  /** Ping with a deadline; false when the server is gone or silent. */
  async ping(timeoutMs = 5000): Promise<boolean> {
    if (this.closedFlag) return false;
    try {
      await this.client.ping({ timeout: timeoutMs });
      return true;
    } catch {
      return false;
    }
  }

  /** Kill the server process now (stdio only), as a crash would. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): boolean {
    const pid = this.pid;
    if (!pid) return false;
    return killQuietly(pid, signal);
  }

  /** End the session; kills the child if it is still there after the SDK's close. */
  async close(): Promise<void> {
    const pid = this.pid;
    await this.client.close().catch(() => undefined);
    this.closedFlag = true;
    if (pid) killQuietly(pid);
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Message of anything thrown.
 *
 * @example
 * errorText(new Error('boom')); // 'boom'
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
