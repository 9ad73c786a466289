import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, calleeObject, identifierWords, lineOf, nodesOfType, stringValue } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

const SENSITIVE = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'authorization', 'credential', 'credentials', 'cookie', 'ssn']);
const BENIGN = new Set(['count', 'length', 'len', 'type', 'expiry', 'expires', 'ttl', 'name', 'id', 'url', 'endpoint', 'field', 'policy', 'reset', 'required', 'valid', 'invalid', 'used', 'limit', 'usage']);
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|x-api-key|api-key|cookie|set-cookie|x-auth-token)$/i;
const LOG_OBJECT = /^(console|logger|log|logging|LOGGER|LOG|this\.logger|self\.logger|self\.log|app\.logger|request\.log|req\.log|fastify\.log)$/;
const LOG_METHOD = /^(log|info|debug|warn|warning|error|exception|critical|trace|fatal)$/;

/** Whether an identifier names sensitive data (`password`, `apiKey`, `auth_token`) — not `token_count`. */
export function isSensitiveName(name: string): boolean {
  const words = identifierWords(name);
  const joined = words.join('');
  if (words.some((w) => BENIGN.has(w))) return false;
  return words.some((w) => SENSITIVE.has(w)) || /apikey|accesstoken|refreshtoken|privatekey/.test(joined);
}

function isLogCall(call: SyntaxNode): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.text === 'print') return true;
  return LOG_OBJECT.test(calleeObject(call)) && LOG_METHOD.test(calleeName(call));
}

export const rule = defineFileRule({
  code: 'LOG-005',
  languages: CODE_LANGUAGES,
  prefilter: /log|print|console/i,
  message: 'Sensitive data (password/secret/token) passed to a log call.',
  remediation: 'Do not log credentials or tokens; log an identifier or a masked value instead.',
  samples: {
    truePositive: [
      { path: 's/auth.py', content: 'logger.info("login attempt user=%s password=%s", user, password)\n' },
      { path: 's/auth.js', content: "console.log('issued', accessToken);\n" },
    ],
    subtleTruePositive: [
      { path: 's/auth.py', content: 'log.debug(f"headers: {request.headers[\'Authorization\']} token={user.api_key}")\n' },
      { path: 's/auth.ts', content: 'logger.warn(`refresh failed for ${user.email} with ${req.headers.authorization}`);\n' },
      { path: 's/main.py', content: 'logger.debug("refund requested with %s", request.headers.get("authorization"))\n' },
      { path: 's/staff.ts', content: "logger.info({ by: req.get('x-api-key') }, 'reindex requested');\n" },
    ],
    decoys: [
      { path: 's/auth.py', content: 'logger.info("password reset requested for %s", user.email)\nlogger.info("tokens used: %d", token_count)\n' },
      { path: 's/auth.js', content: "console.log('token refreshed for', userId);\nlogger.info({ tokenExpiresAt: exp });\nlogger.info({ agent: req.get('user-agent') }, 'hit');\n" },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    const out: { line: number }[] = [];
    for (const call of nodesOfType(file.tree, ['call', 'call_expression'])) {
      if (!isLogCall(call)) continue;
      const names = callArguments(call).flatMap((arg) =>
        [arg, ...nodesOfType(arg, ['identifier', 'property_identifier', 'shorthand_property_identifier'])].filter((n) => /identifier/.test(n.type)),
      );
      const subscripts = callArguments(call).flatMap((arg) => nodesOfType(arg, ['subscript', 'subscript_expression']));
      const keyed = subscripts.some((s) => /['"](authorization|password|token|x-api-key|cookie)['"]/i.test(s.text));
      // request.headers.get("authorization"), req.get('x-api-key'), req.header('Cookie')
      const headerRead = callArguments(call)
        .flatMap((arg) => [arg, ...nodesOfType(arg, ['call', 'call_expression'])])
        .filter((n) => n.type === 'call' || n.type === 'call_expression')
        .some((c) => /^(get|header|getHeader|get_header)$/.test(calleeName(c)) && SENSITIVE_HEADER.test(stringValue(callArguments(c)[0]) ?? ''));
      if (keyed || headerRead || names.some((n) => n.parent?.type !== 'keyword_argument' && isSensitiveName(n.text))) out.push({ line: lineOf(call) });
    }
    return out;
  },
});
