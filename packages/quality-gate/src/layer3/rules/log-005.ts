import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, calleeObject, identifierWords, lineOf, nodesOfType, stringValue } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

const SENSITIVE = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'authorization', 'credential', 'credentials', 'cookie', 'ssn']);
const BENIGN = new Set(['count', 'length', 'len', 'type', 'expiry', 'expires', 'ttl', 'name', 'id', 'url', 'endpoint', 'field', 'policy', 'reset', 'required', 'valid', 'invalid', 'used', 'limit', 'usage']);
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|x-api-key|api-key|cookie|set-cookie|x-auth-token)$/i;
const LOG_OBJECT = /^(console|logger|log|logging|LOGGER|LOG|this\.logger|self\.logger|self\.log|app\.logger|request\.log|req\.log|fastify\.log)$/;
const LOG_METHOD = /^(log|info|debug|warn|warning|error|exception|critical|trace|fatal)$/;
/** Go: the standard `log`, `log/slog`, zap/logrus-style loggers, and `fmt.Print*` (stdout logging, which LOG-001 also reports). */
const GO_LOG_OBJECT = /^(log|slog|logger|l|lg|zap\.L\(\)|zap\.S\(\)|logrus|s\.log|s\.logger|h\.log|h\.logger)$/;
const GO_LOG_METHOD = /^(Print|Printf|Println|Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln|Debug|Info|Warn|Error|Debugf|Infof|Warnf|Errorf|Debugw|Infow|Warnw|Errorw|DebugContext|InfoContext|WarnContext|ErrorContext|Log|LogAttrs)$/;
/** Java: SLF4J/Log4j/JUL loggers (`log.info`, `LOG.log(Level.WARNING, …)`, `logger.severe`) and `System.out/err.print*`. */
const JAVA_LOG_OBJECT = /^(log|LOG|logger|LOGGER|Log|this\.log|this\.logger|System\.out|System\.err)$/;
const JAVA_LOG_METHOD = /^(log|info|debug|warn|error|trace|fatal|warning|severe|fine|finer|finest|config|print|println|printf)$/;
const HEADER_GETTER = /^(get|Get|header|getHeader|get_header|getFirst|Values)$/;

/** Whether an identifier names sensitive data (`password`, `apiKey`, `auth_token`) — not `token_count`. */
export function isSensitiveName(name: string): boolean {
  const words = identifierWords(name);
  const joined = words.join('');
  if (words.some((w) => BENIGN.has(w))) return false;
  return words.some((w) => SENSITIVE.has(w)) || /apikey|accesstoken|refreshtoken|privatekey/.test(joined);
}

function isLogCall(call: SyntaxNode, language: string): boolean {
  if (language === 'java') return JAVA_LOG_OBJECT.test(call.childForFieldName('object')?.text ?? '') && JAVA_LOG_METHOD.test(call.childForFieldName('name')?.text ?? '');
  if (language === 'go') return (GO_LOG_OBJECT.test(calleeObject(call)) || calleeObject(call) === 'fmt') && GO_LOG_METHOD.test(calleeName(call));
  const fn = call.childForFieldName('function');
  if (fn?.text === 'print') return true;
  return LOG_OBJECT.test(calleeObject(call)) && LOG_METHOD.test(calleeName(call));
}

/** Arguments of a call of any language (Java `method_invocation`s keep them under `arguments` too). */
function logArguments(call: SyntaxNode): SyntaxNode[] {
  return call.type === 'method_invocation' ? (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is SyntaxNode => n !== null) : callArguments(call);
}

/** The called name of a call of any language. */
function nameOfCall(call: SyntaxNode): string {
  return call.type === 'method_invocation' ? (call.childForFieldName('name')?.text ?? '') : calleeName(call);
}

export const rule = defineFileRule({
  code: 'LOG-005',
  languages: [...CODE_LANGUAGES, 'go', 'java'],
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
    const callTypes = file.language === 'java' ? ['method_invocation'] : ['call', 'call_expression'];
    for (const call of nodesOfType(file.tree, callTypes)) {
      if (!isLogCall(call, file.language)) continue;
      const args = logArguments(call);
      const names = args.flatMap((arg) =>
        [arg, ...nodesOfType(arg, ['identifier', 'property_identifier', 'shorthand_property_identifier', 'field_identifier'])].filter((n) => /identifier/.test(n.type)),
      );
      const subscripts = args.flatMap((arg) => nodesOfType(arg, ['subscript', 'subscript_expression', 'index_expression']));
      const keyed = subscripts.some((s) => /['"](authorization|password|token|x-api-key|cookie)['"]/i.test(s.text));
      // request.headers.get("authorization"), req.get('x-api-key'), r.Header.Get("Authorization"), request.getHeader("Cookie")
      const headerRead = args
        .flatMap((arg) => [arg, ...nodesOfType(arg, [...callTypes])])
        .filter((n) => callTypes.includes(n.type))
        .some((c) => HEADER_GETTER.test(nameOfCall(c)) && SENSITIVE_HEADER.test(stringValue(logArguments(c)[0]) ?? ''));
      if (keyed || headerRead || names.some((n) => n.parent?.type !== 'keyword_argument' && isSensitiveName(n.text))) out.push({ line: lineOf(call) });
    }
    return out;
  },
});
