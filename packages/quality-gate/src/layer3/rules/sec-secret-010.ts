import { defineSecretRule, j } from '../secret-pattern.js';

function headerHasAlg(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

export const rule = defineSecretRule({
  code: 'SEC-SECRET-010',
  pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/,
  message: 'Hard-coded JWT.',
  remediation: 'Do not commit issued tokens; mint them at run time (tests: sign a token with a test key in the test itself).',
  validate: (v) => headerHasAlg(v),
  samples: {
    truePositive: [{ path: 'a/client.py', content: j('TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.kP9wX2mQ7vL4tR8nB1cH5yJ3dF6gS0aZ"\n') }],
    subtleTruePositive: [{ path: 'a/smoke.sh', content: j('curl -H "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9', '.eyJzdWIiOiJjaSJ9.Q2xhc3NpY0Zha2VTaWduYXR1cmVWYWx1ZQ" $URL\n') }],
    decoys: [
      { path: 'a/client.py', content: 'HEADER = "eyJhbGciOiJIUzI1NiJ9"  # base64 of {"alg":"HS256"}\n' },
      { path: 'a/x.ts', content: "const notJwt = 'eyJmb29iYXJiYXpxdXV4.eyJmb29iYXJiYXpxdXV4.abcdefghijklmnopqrstu';\n" },
    ],
  },
});
