import { BuilderError } from '../errors.js';

/** JSON-RPC codes the builder retries: the SDK's ConnectionClosed (-32000) and RequestTimeout (-32001). */
export const TRANSIENT_CODES: readonly number[] = [-32000, -32001];

/** Text of an `isError` tool result (or an error message) that reads as a passing condition. */
export const TRANSIENT_TEXT = /temporar(?:y|ily)|transient|timed? ?out|try again|unavailable|overloaded|busy|database is locked|ECONNRESET|ECONNREFUSED|EPIPE|connection (?:closed|reset)|not connected/i;

/** A tool answered `isError: true`; `text` is its first text content. */
export class ToolResultError extends BuilderError {
  constructor(readonly tool: string, readonly text: string) {
    super(`${tool} answered isError: ${text.slice(0, 300)}`, { code: 'MCP_TOOL_ERROR' });
  }
}

/** A tool answered something its schema does not allow (not JSON, wrong shape). */
export class MalformedResultError extends BuilderError {
  constructor(readonly tool: string, detail: string) {
    super(`${tool} answered a malformed result: ${detail}`, { code: 'MCP_MALFORMED_RESULT' });
  }
}

/** How a failed call is treated. `reconnect`: the session is gone and the next attempt starts a new one. */
export interface ErrorClass {
  transient: boolean;
  reconnect: boolean;
  message: string;
}

/**
 * Classify a failed tool call. Transient (retried 3 times after 1 s, 2 s,
 * 4 s): a closed connection or broken pipe (reconnect first), a JSON-RPC
 * error -32000 / -32001, a call timeout, and an `isError` result whose text
 * matches {@link TRANSIENT_TEXT} ("temporarily unavailable", "database is
 * locked", ...). Permanent (safe default at once): every other JSON-RPC
 * error (invalid params, unknown tool, ...), every other `isError` result,
 * and malformed answers.
 *
 * @example
 * classifyError(new ToolResultError('get_contract', 'service temporarily unavailable')).transient; // true
 */
export function classifyError(error: unknown): ErrorClass {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MalformedResultError) return { transient: false, reconnect: false, message };
  if (error instanceof ToolResultError) return { transient: TRANSIENT_TEXT.test(error.text), reconnect: false, message };
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') {
    return { transient: TRANSIENT_CODES.includes(code), reconnect: code === -32000, message };
  }
  if (typeof code === 'string' && /^(EPIPE|ECONNRESET|ERR_STREAM_DESTROYED|ERR_STREAM_WRITE_AFTER_END)$/.test(code)) {
    return { transient: true, reconnect: true, message };
  }
  if (/not connected|connection closed|EPIPE|ECONNRESET/i.test(message)) return { transient: true, reconnect: true, message };
  return { transient: false, reconnect: false, message };
}
