/**
 * Compose-style variable interpolation: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?message}`, `$VAR`, and `$$` for a literal `$`.
 */
const PATTERN = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-|:?\?)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Interpolate one string.
 *
 * @example
 * interpolateString('${LOG_LEVEL:-info}', {}); // 'info'
 */
export function interpolateString(value: string, env: Record<string, string | undefined>): string {
  return value.replace(PATTERN, (match, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (match === '$$') return '$';
    const name = braced ?? bare ?? '';
    const current = env[name];
    if (op === ':-') return current === undefined || current === '' ? (arg ?? '') : current;
    if (op === '-') return current === undefined ? (arg ?? '') : current;
    if (op === ':?' || op === '?') {
      if (current === undefined || (op === ':?' && current === '')) throw new Error(`required variable ${name} is not set: ${arg ?? ''}`);
      return current;
    }
    return current ?? '';
  });
}

/**
 * Interpolate every string (values only, not keys) in a parsed compose document.
 *
 * @example
 * interpolate({ services: { a: { image: 'node:${TAG:-20}' } } }, {});
 */
export function interpolate<T>(node: T, env: Record<string, string | undefined>): T {
  if (typeof node === 'string') return interpolateString(node, env) as T;
  if (Array.isArray(node)) return node.map((n) => interpolate(n, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env)])) as T;
  }
  return node;
}
