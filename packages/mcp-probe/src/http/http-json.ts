/** Result of one JSON HTTP call (kept as evidence). */
export interface HttpJson {
  status: number;
  body: unknown;
  ms: number;
  error?: string;
}

/**
 * A JSON request with a deadline that never throws: network errors come
 * back as status 0 with the error text.
 *
 * @example
 * const r = await httpJson('POST', 'http://127.0.0.1:8001/api/decompose', { prd_text });
 */
export async function httpJson(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<HttpJson> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, ms: performance.now() - started };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: 0, body: null, ms: performance.now() - started, error: e.cause?.code ?? e.message };
  }
}

/**
 * Short text of a body for evidence.
 *
 * @example
 * clip({ a: 'x'.repeat(500) }, 20); // '{"a":"xxxxxxxxxxxxxx…'
 */
export function clip(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}…` : text;
}
