import { columnOf, keyValuePairs, lineOf, stringValues } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'SEC-002',
  languages: CODE_LANGUAGES,
  prefilter: /algorithm/i,
  message: "JWT algorithm 'none' accepted: tokens without a signature would be trusted.",
  remediation: "List only the signing algorithm you issue (e.g. algorithms=['RS256']); never include 'none'.",
  samples: {
    truePositive: [
      { path: 'a/auth.py', content: 'claims = jwt.decode(token, KEY, algorithms=["none"])\n' },
      { path: 'a/auth.js', content: "const claims = jwt.verify(token, key, { algorithms: ['none'] });\n" },
    ],
    subtleTruePositive: [
      { path: 'a/auth.ts', content: "const opts = { algorithm: 'NONE' as const };\nconst t = jwt.sign(payload, '', opts);\n" },
      { path: 'a/auth.py', content: 'ALGS = ("HS256", "None")\nOPTIONS = dict(algorithms=["HS256", "None"])\n' },
    ],
    decoys: [
      { path: 'a/auth.py', content: 'claims = jwt.decode(token, KEY, algorithms=["HS256"])\nstatus = "none"\nmode = {"compression": "none"}\n' },
      { path: 'a/auth.js', content: "// algorithms: ['none'] is rejected here\nconst claims = jwt.verify(token, key, { algorithms: ['RS256'] });\n" },
    ],
  },
  check(file) {
    if (!file.tree) return [];
    return keyValuePairs(file.tree)
      .filter(({ key, value }) => /^algorithms?$/i.test(key) && stringValues(value).some((v) => v.toLowerCase() === 'none'))
      .map(({ value }) => ({ line: lineOf(value), column: columnOf(value) }));
  },
});
