import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ErrorCode, ListRootsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { McpConnectError } from './errors.js';
import { GroupStdioTransport } from './group-stdio-transport.js';
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
  /**
   * Directories the client offers as MCP roots (`roots/list`). Servers that
   * honour roots (e.g. server-filesystem) then work inside them only.
   */
  roots?: string[];
  /** Grace period of a closing stdio server, after stdin EOF and again after SIGTERM (ms, default 2000). */
  closeGraceMs?: number;
}

/**
 * A signal of its own for one request, aborted when `parent` aborts. The SDK
 * adds an 'abort' listener to the signal of every request and never removes
 * it, so handing it one long-lived signal (a whole run's) piles listeners up
 * on it (MaxListenersExceededWarning); `dispose()` unhooks this link.
 */
function linkSignal(parent: AbortSignal | undefined): { signal: AbortSignal | undefined; dispose: () => void } {
  if (!parent) return { signal: undefined, dispose: () => undefined };
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', onAbort) };
}

const STDERR_KEEP = 4000;
/** Pause after a server fetched its roots, before the first request that may depend on them. */
const ROOTS_SETTLE_MS = 50;

/**
 * A server that honours roots asks for them right after `initialized` and
 * applies them asynchronously; a call sent at once could still see its old
 * directories. One ping tells whether it asked (its request comes before the
 * ping's answer); if it did, a second ping and a short pause let it apply
 * the answer before the first call.
 */
async function settleRoots(client: Client, served: () => boolean, timeoutMs: number): Promise<void> {
  const ping = () => client.ping({ timeout: Math.min(timeoutMs, 5000) }).catch(() => undefined);
  await ping();
  if (!served()) return;
  await ping();
  await new Promise((resolve) => setTimeout(resolve, ROOTS_SETTLE_MS));
  await ping();
}

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
   * Spawn (or reach) a server and complete the MCP handshake. A stdio
   * server runs in its own process group; if the handshake fails or times
   * out, the whole group is ended before this rejects.
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
        ? new GroupStdioTransport({ command: server.command, args: server.args, env: server.env, cwd: server.cwd, graceMs: options.closeGraceMs })
        : new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers } });
    const roots = options.roots ?? [];
    const client = new Client({ name: options.clientName ?? 'run4-mcp-probe', version: '0.1.0' }, { capabilities: roots.length ? { roots: { listChanged: false } } : {} });
    let rootsServed = false;
    if (roots.length) {
      client.setRequestHandler(ListRootsRequestSchema, () => {
        rootsServed = true;
        return { roots: roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: basename(dir) })) };
      });
    }
    const started = performance.now();
    let stderr = '';
    if (transport instanceof GroupStdioTransport) {
      transport.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
      });
    }
    const link = linkSignal(options.signal);
    try {
      await client.connect(transport, { timeout, signal: link.signal });
    } catch (cause) {
      // a server that never answered has nothing to flush: end its whole group now
      if (transport instanceof GroupStdioTransport) await transport.close({ graceful: false });
      await client.close().catch(() => undefined);
      const timedOut = cause instanceof McpError && cause.code === ErrorCode.RequestTimeout;
      const where = server.transport === 'stdio' ? `"${server.command} ${server.args.join(' ')}" in ${server.cwd}` : server.url;
      const tail = stderr.trim() ? `; server stderr: ${stderr.trim().slice(-500)}` : '';
      throw new McpConnectError(
        `MCP server "${server.name}" (${where}) ${timedOut ? `did not finish the handshake within ${timeout} ms` : `failed to start: ${errorText(cause)}`}${tail}. Check the command, cwd and env in the .mcp.json, or raise the startup timeout.`,
        { server: server.name, timedOut, cause },
      );
    } finally {
      link.dispose();
    }
    if (roots.length) await settleRoots(client, () => rootsServed, timeout);
    const c = new McpConnection(server, client, transport, performance.now() - started);
    c.stderrTail = stderr;
    if (transport instanceof GroupStdioTransport) {
      transport.stderr.on('data', (chunk: Buffer) => {
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
    return this.transport instanceof GroupStdioTransport ? this.transport.pid : null;
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
    const link = linkSignal(signal);
    try {
      const result = await this.client.request(
        { method: 'tools/call', params: { name, arguments: args ?? {} } },
        CallToolResultSchema,
        { timeout: timeoutMs, signal: link.signal },
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
    } finally {
      link.dispose();
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

  /**
   * Signal the server's whole process group now (stdio only): SIGKILL as a
   * crash would, SIGSTOP / SIGCONT to pause and resume it.
   */
  kill(signal: NodeJS.Signals = 'SIGKILL'): boolean {
    return this.transport instanceof GroupStdioTransport ? this.transport.kill(signal) : false;
  }

  /** End the session; for stdio, resolves once no process of the server's group is left. */
  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
    if (this.transport instanceof GroupStdioTransport) await this.transport.close();
    this.closedFlag = true;
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
