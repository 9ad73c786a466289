import { callArguments, calleeName, calleeText, identifierWords, keyValuePairs, literalFallback, namedValues, nodesOfType, stringValue } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';
import { isPlaceholder, redactLine } from '../secret-values.js';
import type { RuleFinding } from '../rule.js';

/** `JWT_SECRET`, `jwtKey`, `SECRET_KEY`, `signing_key`, `token_secret`. */
export function isJwtSecretName(name: string): boolean {
  const w = identifierWords(name);
  const last = w.at(-1);
  if (last !== 'secret' && last !== 'key') return false;
  if (w.includes('jwt')) return true;
  const joined = w.join('_');
  return /^(secret_key|signing_key|signing_secret|token_secret|auth_secret|jwt_signing_key)$/.test(joined) || /(^|_)(jwt|token|signing)_(secret|key)$/.test(joined);
}

const tp1 = ['JWT_SECRET = "', 'k9$Lm2#pQ7vX', '"\n'].join('');
export const rule = defineFileRule({
  code: 'SEC-005',
  languages: CODE_LANGUAGES,
  prefilter: /jwt|jose|secret|signing/i,
  redacts: true,
  message: 'JWT signing secret is hard-coded in source.',
  remediation: 'Read the secret from the environment or a secret store (process.env.JWT_SECRET / os.environ["JWT_SECRET"]) and fail fast when it is missing; rotate the leaked value.',
  samples: {
    truePositive: [
      { path: 'a/config.py', content: tp1 },
      { path: 'a/auth.js', content: "const token = jwt.sign({ sub: user.id }, 'my-super-signing-value-2024', { expiresIn: '1h' });\n" },
    ],
    subtleTruePositive: [
      { path: 'a/config.ts', content: "export const jwtSecret = process.env.JWT_SECRET || 'dev-only-9f8e7d';\n" },
      { path: 'a/settings.py', content: 'SECRET = os.getenv("JWT_SECRET", "fallback-s3cret-value")\n' },
      { path: 'a/plugins/auth.ts', content: "await app.register(fastifyJwt, { secret: 'bookings-signing-secret-2024' });\n" },
    ],
    decoys: [
      { path: 'a/config.py', content: 'JWT_SECRET = os.environ["JWT_SECRET"]\nJWT_SECRET_ENV = "JWT_SECRET"\n' },
      { path: 'a/plugins/auth.ts', content: "await app.register(fastifyJwt, { secret: process.env.JWT_SECRET ?? '' });\nawait app.register(session, { secret: readFileSync('key') });\n" },
      { path: 'a/config.ts', content: "const JWT_SECRET = process.env.JWT_SECRET;\nif (!JWT_SECRET) throw new Error('JWT_SECRET is required');\nconst jwtKey = '${JWT_SECRET}';\n" },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    const hits: { line: number; value: string }[] = [];
    const consider = (node: { startPosition: { row: number } }, value: string | undefined) => {
      if (value !== undefined && value.length >= 6 && !isPlaceholder(value) && !/^[A-Z][A-Z0-9_]+$/.test(value)) hits.push({ line: node.startPosition.row + 1, value });
    };
    for (const { name, value } of namedValues(file.tree)) {
      if (!isJwtSecretName(name)) continue;
      const fallback = literalFallback(value);
      consider(fallback ?? value, stringValue(fallback ?? value));
    }
    for (const call of nodesOfType(file.tree, ['call_expression', 'call'])) {
      const name = calleeName(call);
      const args = callArguments(call);
      if (/^(sign|verify|encode|decode)$/.test(name) && /jwt|jose/i.test(calleeText(call)) && args[1]) consider(args[1], stringValue(args[1]));
      // JWT plugins/middleware configured inline: app.register(fastifyJwt, { secret: '…' }), expressjwt({ secret: '…' })
      if (/jwt|jose/i.test(calleeText(call)) || (/^(register|use)$/.test(name) && /jwt/i.test(args[0]?.text ?? ''))) {
        for (const arg of args) {
          if (arg.type !== 'object') continue;
          for (const pair of keyValuePairs(arg)) if (pair.value.parent?.parent?.id === arg.id && /^(secret|secretOrKey|secretOrPrivateKey|signingKey)$/.test(pair.key)) consider(pair.value, stringValue(pair.value));
        }
      }
      if ((name === 'getenv' || (name === 'get' && /environ/.test(calleeText(call)))) && args[1] && isJwtSecretName(stringValue(args[0]) ?? '')) {
        consider(args[1], stringValue(args[1]));
      }
    }
    return hits.map(({ line, value }): RuleFinding => ({ line, snippet: redactLine((file.lines[line - 1] ?? '').trim(), [value]) }));
  },
});
