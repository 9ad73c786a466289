import { columnOf, isFalseLiteral, isTrueLiteral, keyValuePairs, lineOf } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'SEC-004',
  languages: CODE_LANGUAGES,
  prefilter: /verify_?exp|ignoreExpiration/i,
  message: 'JWT expiration check is disabled: expired tokens stay valid forever.',
  remediation: 'Keep the exp check on (remove verify_exp=False / ignoreExpiration: true) and issue short-lived tokens.',
  samples: {
    truePositive: [{ path: 's/auth.py', content: 'claims = jwt.decode(t, KEY, algorithms=["HS256"], options={"verify_exp": False})\n' }],
    subtleTruePositive: [{ path: 's/auth.ts', content: 'const claims = jwt.verify(token, secret, { algorithms: ["HS256"], ignoreExpiration: true });\n' }],
    decoys: [
      { path: 's/auth.py', content: 'claims = jwt.decode(t, KEY, algorithms=["HS256"], options={"verify_exp": True, "verify_aud": False})\n' },
      { path: 's/auth.js', content: 'const claims = jwt.verify(token, secret, { ignoreExpiration: false });\n' },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    return keyValuePairs(file.tree)
      .filter(({ key, value }) => (/^verify_?exp$/i.test(key) && isFalseLiteral(value)) || (key === 'ignoreExpiration' && isTrueLiteral(value)))
      .map(({ value }) => ({ line: lineOf(value), column: columnOf(value) }));
  },
});
