/** What one line of an MCP stdio stream is, as far as the interposer cares. */
export interface ClassifiedLine {
  kind: 'request' | 'notification' | 'response' | 'error' | 'invalid';
  /** The parsed JSON (undefined for invalid lines). */
  message: Record<string, unknown> | undefined;
  id: string | number | undefined;
  method: string | undefined;
  /** The tool of a `tools/call` request. */
  tool: string | undefined;
}

/**
 * Classify one newline-terminated line as a JSON-RPC request, notification,
 * response, error response, or something else (`invalid`).
 *
 * @example
 * classifyLine(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}\n')).tool; // 'echo'
 */
export function classifyLine(line: Buffer): ClassifiedLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.toString('utf8'));
  } catch {
    return { kind: 'invalid', message: undefined, id: undefined, method: undefined, tool: undefined };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'invalid', message: undefined, id: undefined, method: undefined, tool: undefined };
  }
  const m = parsed as Record<string, unknown>;
  const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : undefined;
  const method = typeof m.method === 'string' ? m.method : undefined;
  if (method !== undefined) {
    const params = m.params as { name?: unknown } | undefined;
    const tool = method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined;
    return { kind: id === undefined ? 'notification' : 'request', message: m, id, method, tool };
  }
  if ('error' in m) return { kind: 'error', message: m, id, method: undefined, tool: undefined };
  if ('result' in m) return { kind: 'response', message: m, id, method: undefined, tool: undefined };
  return { kind: 'invalid', message: m, id, method: undefined, tool: undefined };
}

/** A JSON-RPC line (with its newline). */
export function jsonLine(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message) + '\n', 'utf8');
}
