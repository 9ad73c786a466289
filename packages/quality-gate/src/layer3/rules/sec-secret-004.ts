import { identifierWords, literalFallback, namedValues, stringValue } from '../ast.js';
import { defineFileRule } from '../define-rule.js';
import type { RuleFinding } from '../rule.js';
import { ALL_LANGUAGES, j } from '../secret-pattern.js';
import { entropy, isPlaceholder, redactLine } from '../secret-values.js';

/** `api_key`, `apiKey`, `X-Api-Key`, `api_token`, `access_key`, `client_secret`. */
export function isApiKeyName(name: string): boolean {
  const w = identifierWords(name).join('_');
  return /(^|_)(api_?key|api_token|access_key|client_secret|app_key|app_secret)$/.test(w) && !/(^|_)aws_/.test(w);
}

function looksLikeKey(value: string): boolean {
  return /^[A-Za-z0-9_\-.]{20,}$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value) && entropy(value) >= 3 && !isPlaceholder(value) && !/^(AKIA|ASIA)/.test(value);
}

const TEXT = /^\s*(?:-\s*)?(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([A-Za-z0-9_\-.]{20,})["']?\s*(?:#.*)?$/;

export const rule = defineFileRule({
  code: 'SEC-SECRET-004',
  languages: ALL_LANGUAGES,
  prefilter: /api.?(key|token)|access.?key|client.?secret|app.?(key|secret)/i,
  redacts: true,
  message: 'Generic API key hard-coded in source or config.',
  remediation: 'Revoke the key, move it to the environment/secret store and read it at run time.',
  samples: {
    truePositive: [{ path: 'a/client.py', content: j('api_key = "', 'a8f5f167f44f4964e6c998dee827110c"\n') }],
    subtleTruePositive: [
      { path: 'a/client.ts', content: j("await fetch(url, { headers: { 'X-Api-Key': '", "4f9d2c7b1e8a6053d7c4b2a9e1f08d3c' } });\n") },
      { path: 'a/config.yaml', content: j('payments:\n  client_secret: "', 'Zx81kQw3Mnb5Tre2Lp0Vc7Hs"\n') },
    ],
    decoys: [
      { path: 'a/client.py', content: 'api_key = "your-api-key-here"\nAPI_KEY_HEADER = "x-api-key"\napi_key = os.environ["PAYMENTS_API_KEY"]\n' },
      { path: 'a/.env.example', content: 'API_KEY=<paste-your-key>\nCLIENT_SECRET=changeme-changeme-changeme\n' },
    ],
  },
  check(file) {
    const hits: { line: number; value: string }[] = [];
    if (file.tree) {
      for (const { name, value } of namedValues(file.tree)) {
        if (!isApiKeyName(name)) continue;
        const lit = literalFallback(value) ?? value;
        const v = stringValue(lit);
        if (v !== undefined && looksLikeKey(v)) hits.push({ line: lit.startPosition.row + 1, value: v });
      }
    } else {
      file.lines.forEach((line, i) => {
        const m = TEXT.exec(line);
        if (m?.[1] && m[2] && isApiKeyName(m[1]) && looksLikeKey(m[2])) hits.push({ line: i + 1, value: m[2] });
      });
    }
    return hits.map(({ line, value }): RuleFinding => ({ line, snippet: redactLine((file.lines[line - 1] ?? '').trim(), [value]) }));
  },
});
