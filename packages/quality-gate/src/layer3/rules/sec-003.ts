import { calleeName, columnOf, isFalseLiteral, isTrueLiteral, keyValuePairs, lineOf } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'SEC-003',
  languages: CODE_LANGUAGES,
  prefilter: /verify|ignoreSignature/i,
  message: 'JWT signature verification is disabled: any forged token is accepted.',
  remediation: 'Remove verify_signature=False / verify=False and verify tokens with the issuer key (jwt.verify / jwt.decode with a key and algorithms).',
  samples: {
    truePositive: [{ path: 's/auth.py', content: 'data = jwt.decode(token, options={"verify_signature": False})\n' }],
    subtleTruePositive: [
      { path: 's/auth.py', content: 'payload = jwt.decode(token, SECRET, verify=False)\n' },
      { path: 's/auth.ts', content: 'const opts = { verifySignature: false, audience: AUD };\n' },
    ],
    decoys: [
      { path: 's/auth.py', content: 'data = jwt.decode(token, KEY, algorithms=["RS256"], options={"verify_signature": True})\nresp = requests.get(url, verify=False)\n' },
      { path: 's/auth.js', content: "const verifySignature = 'false';\nconst claims = jwt.verify(token, key);\n" },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    return keyValuePairs(file.tree)
      .filter(({ key, keyNode, value }) => {
        if (/^verify_?signature$/i.test(key)) return isFalseLiteral(value);
        if (key === 'ignoreSignature') return isTrueLiteral(value);
        if (key === 'verify' && keyNode.parent?.type === 'keyword_argument') {
          const call = keyNode.parent.parent?.parent;
          return isFalseLiteral(value) && call?.type === 'call' && /^(decode|decode_complete)$/.test(calleeName(call)) && /jwt|jose/i.test(call.text);
        }
        return false;
      })
      .map(({ value }) => ({ line: lineOf(value), column: columnOf(value) }));
  },
});
