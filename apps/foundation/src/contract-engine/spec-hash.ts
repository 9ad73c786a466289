import { createHash } from 'node:crypto';

/** JSON.stringify with non-ASCII escaped as \\uXXXX, like Python's default `ensure_ascii=True`. */
function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON with object keys sorted recursively (Python `json.dumps(sort_keys=True)` layout).
 *
 * @example
 * sortedJson({ b: 1, a: [true] }); // '{"a": [true], "b": 1}'
 */
export function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return asciiJson(value);
  if (Array.isArray(value)) return `[${value.map((v) => sortedJson(v)).join(', ')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${asciiJson(k)}: ${sortedJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(', ')}}`;
}

/**
 * sha256 hex of the key-sorted JSON of `spec`, byte-compatible with Python's
 * `json.dumps(spec, sort_keys=True)` (non-ASCII escaped as Python does).
 *
 * @example
 * specHash({ b: 1, a: 2 }) === specHash({ a: 2, b: 1 }); // true
 */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(sortedJson(spec)).digest('hex');
}
