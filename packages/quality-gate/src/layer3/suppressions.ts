const NOQA = /(?:#|\/\/|\/\*)\s*noqa\s*:\s*([A-Z0-9_,\s-]+)/i;
const RUN4_IGNORE = /(?:#|\/\/|\/\*)\s*run4-ignore\s+([A-Z0-9_,\s-]+)/i;
const NOSEC = /(?:#|\/\/|\/\*)\s*nosec\b(?!\s*[:\s]\s*[A-Z]+-)/i;
const NOSEC_NAMED = /(?:#|\/\/|\/\*)\s*nosec\s*:?\s+([A-Z]+-[A-Z0-9_,\s-]+)/i;

function codes(list: string): string[] {
  return list
    .split(/[,\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

/**
 * Whether a source line suppresses `code`: `# noqa: CODE[,CODE]`, `// run4-ignore CODE`,
 * or a bare `# nosec` (every code on that line).
 *
 * @example
 * isSuppressed('print(x)  # noqa: LOG-001', 'LOG-001'); // true
 * isSuppressed('print(x)  # noqa: E501', 'LOG-001');    // false
 */
export function isSuppressed(line: string | undefined, code: string): boolean {
  if (!line) return false;
  if (NOSEC.test(line)) return true;
  for (const re of [NOQA, RUN4_IGNORE, NOSEC_NAMED]) {
    const m = re.exec(line);
    if (m?.[1] && codes(m[1]).includes(code)) return true;
  }
  return false;
}
