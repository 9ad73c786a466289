import { callArguments, calleeName, calleeText, keyValuePairs, lineOf, stringValues } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

const PUBLIC_KEY = /public|pub_?key|\.pem\b|cert|BEGIN PUBLIC|jwks/i;

export const rule = defineFileRule({
  code: 'SEC-006',
  languages: CODE_LANGUAGES,
  prefilter: /algorithm/i,
  message: 'HMAC (HS*) algorithm accepted where an asymmetric public key is used: algorithm-confusion risk.',
  remediation: 'Verify RS*/ES* tokens with the public key and accept only those algorithms; never list HS256 next to RS256 for the same key.',
  samples: {
    truePositive: [{ path: 'a/auth.js', content: "const claims = jwt.verify(token, publicKey, { algorithms: ['HS256'] });\n" }],
    subtleTruePositive: [
      { path: 'a/auth.py', content: 'claims = jwt.decode(token, cert, algorithms=["RS256", "HS256"])\n' },
      { path: 'a/verify.ts', content: "export const opts = { algorithms: ['ES256', 'HS512'] };\n" },
    ],
    decoys: [
      { path: 'a/auth.js', content: "const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'] });\nconst mine = jwt.verify(t, process.env.JWT_SECRET, { algorithms: ['HS256'] });\n" },
      { path: 'a/auth.py', content: 'claims = jwt.decode(token, settings.jwt_secret, algorithms=["HS256"])\n' },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    const findings = new Map<number, { line: number }>();
    for (const { key, value } of keyValuePairs(file.tree)) {
      if (!/^algorithms?$/i.test(key)) continue;
      const algs = stringValues(value).map((a) => a.toUpperCase());
      const hmac = algs.some((a) => a.startsWith('HS'));
      const asym = algs.some((a) => /^(RS|ES|PS|EDDSA)/.test(a));
      if (!hmac) continue;
      let call = value.parent;
      while (call && call.type !== 'call_expression' && call.type !== 'call') call = call.parent;
      const keyArg = call && /^(verify|decode|jwtVerify)$/.test(calleeName(call)) && /jwt|jose/i.test(calleeText(call)) ? callArguments(call)[1] : undefined;
      if (asym || (keyArg && PUBLIC_KEY.test(keyArg.text))) findings.set(lineOf(value), { line: lineOf(value) });
    }
    return [...findings.values()];
  },
});
