function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that reproduces a request. Values of headers named in
 * `secretHeaders` are replaced by `$RUN4_AUTH_TOKEN` (keeping the scheme),
 * so credentials never land in a report.
 *
 * @example
 * toCurl({ method: 'POST', url: 'http://127.0.0.1:8080/orders', headers: { 'content-type': 'application/json' }, body: '{"qty":1}' });
 * // curl -sS -X POST 'http://127.0.0.1:8080/orders' -H 'content-type: application/json' --data-raw '{"qty":1}'
 */
export function toCurl(
  request: { method: string; url: string; headers: Record<string, string>; body?: string },
  secretHeaders: readonly string[] = ['authorization', 'x-api-key', 'cookie'],
): string {
  const parts = ['curl', '-sS', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    if (secretHeaders.includes(name.toLowerCase())) {
      const scheme = /^(\w+)\s+/.exec(value)?.[1];
      parts.push('-H', `"${name}: ${scheme ? `${scheme} ` : ''}$RUN4_AUTH_TOKEN"`);
    } else {
      parts.push('-H', shellQuote(`${name}: ${value}`));
    }
  }
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}
