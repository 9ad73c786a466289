import type { RetryingToolClient } from './base-client.js';

/** Which path produced a value: the MCP server, or the documented fallback because the server was unavailable. */
export type FallbackResult<T, F> =
  | { source: 'mcp'; value: T }
  | { source: 'fallback'; value: F; unavailable: true; reason: string };

/**
 * Run a client call; when the server is unavailable (it could not
 * start, or every retry hit a transient error) run the documented fallback
 * instead (static contract scan, static codebase map, standard PRD
 * decomposition) and say why. A server that answered, even with an error,
 * is not "unavailable": its safe default is returned.
 *
 * @example
 * const r = await withFallback(architect, (c) => c.decompose(prd), (why) => standardDecomposition(prd));
 * if (r.source === 'fallback') console.warn(`architect unavailable: ${r.reason}`);
 */
export async function withFallback<C extends RetryingToolClient, T, F>(
  client: C,
  call: (client: C) => Promise<T>,
  fallback: (reason: string) => F | Promise<F>,
): Promise<FallbackResult<T, F>> {
  const value = await call(client);
  const outcome = client.lastOutcome;
  if (outcome && outcome.unavailable) {
    const reason = outcome.error ?? `${outcome.tool}: server unavailable`;
    return { source: 'fallback', value: await fallback(reason), unavailable: true, reason };
  }
  return { source: 'mcp', value };
}
