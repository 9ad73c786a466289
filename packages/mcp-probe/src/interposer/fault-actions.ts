import type { Fault } from './fault-schedule.js';
import { jsonLine, type ClassifiedLine } from './json-rpc-line.js';

type ErrorFault = Extract<Fault, { kind: 'transient-error' | 'permanent-error' }>;
type MalformedMode = Extract<Fault, { kind: 'malformed-result' }>['mode'];

/** Text put in place of a tool result's text by `malformed-result` / `text-not-json`. */
export const MALFORMED_TEXT = 'run4 interpose: malformed result {not json';

/**
 * The answer the interposer sends instead of the server for an error fault:
 * a JSON-RPC error response, or a tool result with `isError: true`.
 *
 * @example
 * injectedReply(7, { kind: 'permanent-error', as: 'jsonrpc-error', code: -32602, message: 'bad' });
 */
export function injectedReply(id: string | number, fault: ErrorFault): Buffer {
  if (fault.as === 'is-error') {
    return jsonLine({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: fault.message }], isError: true } });
  }
  return jsonLine({ jsonrpc: '2.0', id, error: { code: fault.code, message: fault.message } });
}

/**
 * Corrupt one server response line as `malformed-result` says (see
 * `MalformedResultFaultSchema`).
 *
 * @example
 * corruptResponse(line, classifyLine(line), 'tools/call', 'text-not-json');
 */
export function corruptResponse(line: Buffer, c: ClassifiedLine, method: string, mode: MalformedMode): Buffer {
  if (mode === 'invalid-json') {
    const half = line.subarray(0, Math.max(1, Math.floor((line.length - 1) / 2)));
    return Buffer.concat([half, Buffer.from('\n')]);
  }
  const result = c.message?.result as { content?: unknown; structuredContent?: unknown } | undefined;
  if (mode === 'text-not-json' && method === 'tools/call' && result && Array.isArray(result.content)) {
    const content = (result.content as Array<{ type?: unknown }>).map((item) => (item?.type === 'text' ? { ...item, text: MALFORMED_TEXT } : item));
    const { structuredContent: _dropped, ...rest } = result;
    return jsonLine({ ...c.message, result: { ...rest, content } });
  }
  return jsonLine({ ...c.message, result: { content: 'malformed result (injected by run4 interpose)' } });
}
