import { defineSecretRule, j } from '../secret-pattern.js';
import { entropy } from '../secret-values.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-006',
  pattern: /\b[Bb]earer\s+([A-Za-z0-9\-._~+/]{20,}=*)/,
  message: 'Hard-coded bearer token.',
  remediation: 'Obtain the token at run time (OAuth client credentials, env var) instead of embedding it; revoke the committed one.',
  validate: (v) => entropy(v) > 3.2 && /\d/.test(v),
  samples: {
    truePositive: [{ path: 'a/client.js', content: j("const headers = { Authorization: 'Bearer ", "9f3Kx72LmQp0Zt4Wv8Rb1Nc6Hy5Ud' };\n") }],
    subtleTruePositive: [{ path: 'a/sync.py', content: j('session.headers["authorization"] = "bearer ', 'sk4Tq9Lm2Xp7Vb1Nc8Hz3Wr6"\n') }],
    decoys: [
      { path: 'a/client.js', content: "const headers = { Authorization: `Bearer ${token}` };\nconst h2 = { Authorization: 'Bearer ' + token };\n" },
      { path: 'a/docs.py', content: '"""Send Authorization: Bearer YOUR_ACCESS_TOKEN_HERE"""\n' },
    ],
  },
});
