import type { McpToolSession, ToolCallResult } from '../../src/index.js';

/**
 * The seed's `make_mcp_result(data, is_error)`: a tool result whose first
 * text content is `data` as JSON.
 */
export function makeMcpResult(data: unknown, isError = false): ToolCallResult {
  return { isError, content: [{ type: 'text', text: typeof data === 'string' && isError ? data : JSON.stringify(data) }] };
}

type Reply = ToolCallResult | Error;

/**
 * The seed's `mock_mcp_session`: a typed fake session. Queue replies per
 * tool (results or errors to throw); every call is recorded. Used only in
 * the client-wrapper unit tests, as R4-M1-004 allows.
 */
export class MockMcpSession implements McpToolSession {
  readonly calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  private readonly replies = new Map<string, Reply[]>();
  private fallbackReply: Reply | undefined;

  /** Queue replies for `tool`, used in order; the last one repeats. */
  reply(tool: string, ...replies: Reply[]): this {
    this.replies.set(tool, replies);
    return this;
  }

  /** Reply for any tool without queued replies. */
  replyAll(reply: Reply): this {
    this.fallbackReply = reply;
    return this;
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<ToolCallResult> {
    this.calls.push({ name, args });
    const queue = this.replies.get(name);
    const next = queue && queue.length > 1 ? queue.shift() : (queue?.[0] ?? this.fallbackReply);
    if (!next) throw new Error(`mock session: no reply queued for ${name}`);
    if (next instanceof Error) throw next;
    return next;
  }
}

/** A sleep that records the delays instead of waiting. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}
