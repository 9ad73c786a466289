import type { McpConnection } from '../connection.js';
import { resultText } from '../tool-result.js';

/** The part of a `tools/call` result the clients read. */
export interface ToolCallResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: unknown;
}

/**
 * What a typed client needs from an MCP session: one method, so tests can
 * pass a small fake (the seed's `mock_mcp_session`) and production code an
 * `McpConnection`.
 */
export interface McpToolSession {
  callTool(name: string, args: Record<string, unknown>): Promise<ToolCallResult>;
}

/** A failure worth retrying: the connection broke or the call timed out. */
export class TransientMcpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientMcpError';
  }
}

/** The server answered with a protocol error (e.g. unknown tool, invalid params): retrying will not help. */
export class PermanentMcpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMcpError';
  }
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTCONN']);

/**
 * Whether an error is transient (retry with backoff) rather than permanent
 * (return the safe default at once): broken pipes, closed connections,
 * timeouts and refused connections are transient, as in the seed's
 * `(OSError, TimeoutError, ConnectionError)`.
 *
 * @example
 * isTransientError(new TransientMcpError('Connection closed')); // true
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof TransientMcpError) return true;
  if (error instanceof PermanentMcpError) return false;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; name?: unknown; timedOut?: unknown };
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  if (e.code === -32000 || e.code === -32001) return true;
  if (e.name === 'TimeoutError' || e.timedOut === true) return true;
  return false;
}

/**
 * Adapt a live `McpConnection` to the client session interface: timeouts
 * and closed connections throw `TransientMcpError`, JSON-RPC errors
 * `PermanentMcpError`.
 *
 * @example
 * const client = new ContractEngineClient(sessionFromConnection(conn, 30_000));
 */
export function sessionFromConnection(conn: McpConnection, timeoutMs = 30_000): McpToolSession {
  return {
    async callTool(name, args) {
      const out = await conn.callTool(name, args, timeoutMs);
      if (out.kind === 'result') return out.result as ToolCallResult;
      if (out.kind === 'protocol-error') throw new PermanentMcpError(`${name}: JSON-RPC error ${out.code}: ${out.message}`);
      throw new TransientMcpError(`${name}: ${out.kind === 'timeout' ? `timed out after ${timeoutMs} ms` : `connection closed (${out.message})`}`);
    },
  };
}

/**
 * The seed's `_extract_json`: the first text content parsed as JSON
 * (`undefined` when there is no text content or it is not JSON).
 *
 * @example
 * extractJson({ content: [{ type: 'text', text: '[1]' }] }); // [1]
 */
export function extractJson(result: ToolCallResult): unknown {
  const text = extractText(result);
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The seed's `_extract_text`: the first text content, or ''.
 *
 * @example
 * extractText({ content: [{ type: 'text', text: 'x' }] }); // 'x'
 */
export function extractText(result: ToolCallResult): string {
  return resultText({ content: result.content.filter((c) => c.type === 'text').map((c) => ({ type: 'text' as const, text: c.text ?? '' })) });
}
