/**
 * Values that look like configuration placeholders rather than real secrets:
 * `your-api-key-here`, `changeme`, `<password>`, `${DB_PASSWORD}`, `xxxx`, `***`, `example`, `dummy`…
 *
 * @example
 * isPlaceholder('your-api-key-here'); // true
 * isPlaceholder('s3cr3t-Pa55w0rd!');  // false
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}?$/.test(v)) return true; // ${VAR} / $VAR / ${VAR:-x} / ${VAR:?required}
  if (/^%\(?[A-Za-z_]+\)?s?%?$/.test(v) || /^\{\{.*\}\}$/.test(v) || /^<[^>]+>$/.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // xxxxx, *****, 00000
  if (/^[*x.•-]{3,}$/i.test(v)) return true;
  const lower = v.toLowerCase();
  if (
    /(your|my)[-_ ]?.*(key|secret|token|password|here)|change[-_ ]?me|replace[-_ ]?me|placeholder|example|dummy|sample|redacted|fixme|todo|insert[-_ ]|^none$|^null$|^undefined$|^password$|^secret$|^test$|^fake|^not[-_ ]?set$|^pass$|^env$/.test(
      lower,
    )
  )
    return true;
  return false;
}

/**
 * Shannon entropy in bits per character.
 *
 * @example
 * entropy('aaaa'); // 0
 */
export function entropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Redact a secret to a short prefix followed by `…` (never more than 4 characters, at most a quarter of it).
 *
 * @example
 * redactSecret('abcdefgh12345678'); // 'abcd…'
 */
export function redactSecret(value: string): string {
  const keep = Math.max(0, Math.min(4, Math.floor(value.length / 4)));
  return `${value.slice(0, keep)}…`;
}

/**
 * Replace every occurrence of the given secret values in `line` by their
 * redacted forms. Occurrences that overlap or touch (two secrets sharing
 * characters) are merged and redacted as one span, so no part of either
 * survives beyond the short prefix.
 *
 * @example
 * redactLine('key = "abcdefgh12345678"', ['abcdefgh12345678']); // 'key = "abcd…"'
 */
export function redactLine(line: string, secrets: readonly string[]): string {
  const spans: Array<[number, number]> = [];
  for (const s of new Set(secrets)) {
    if (!s) continue;
    for (let at = line.indexOf(s); at >= 0; at = line.indexOf(s, at + 1)) spans.push([at, at + s.length]);
  }
  if (spans.length === 0) return line;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let pos = 0;
  for (const [start, end] of merged) {
    out += line.slice(pos, start) + redactSecret(line.slice(start, end));
    pos = end;
  }
  return out + line.slice(pos);
}

const VALUE_SHAPED = /(?:AKIA|ASIA)[A-Z0-9]{16}|(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_-]{20}|(?:sk|pk|rk)_live_[A-Za-z0-9]{16,}|xox[baprs]-[A-Za-z0-9-]{10,}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g;
const QUOTED = /(["'`])((?:(?!\1).){6,200})\1/g;

/**
 * Redact value-shaped secrets (AWS key ids, GitHub/GitLab/Slack/Stripe/SendGrid
 * tokens, JWTs) wherever they appear in a text: a file name, a message, a URL.
 *
 * @example
 * redactTokens('keys/AKIAQ3EGRT7ZPLM2XV4K.pem'); // 'keys/AKIA….pem'
 */
export function redactTokens(text: string): string {
  const found = [...text.matchAll(VALUE_SHAPED)].map((m) => m[0]);
  return found.length > 0 ? redactLine(text, found) : text;
}

/** Whether a quoted literal looks like a credential (token-shaped: no spaces, mixed letters and digits, high entropy). */
function looksSecret(value: string): boolean {
  if (/\s/.test(value) || /^[./]|:\/\/|^\$\{|^[A-Z_]+$/.test(value) || isPlaceholder(value)) return false;
  return /[A-Za-z]/.test(value) && /\d/.test(value) && entropy(value) >= 3;
}

/**
 * Redact anything secret-looking from a snippet of a non-secrets rule (a JWT secret passed to
 * jwt.decode on a SEC-003 line, say): value-shaped tokens and token-like quoted literals.
 *
 * @example
 * scrubSnippet('jwt.decode(t, "s3cr3t-k3y-9f8e", verify=False)'); // 'jwt.decode(t, "s3c…", verify=False)'
 */
export function scrubSnippet(line: string): string {
  const found = new Set<string>();
  for (const m of line.matchAll(VALUE_SHAPED)) found.add(m[0]);
  for (const m of line.matchAll(QUOTED)) if (m[2] && looksSecret(m[2])) found.add(m[2]);
  return found.size > 0 ? redactLine(line, [...found]) : line;
}
