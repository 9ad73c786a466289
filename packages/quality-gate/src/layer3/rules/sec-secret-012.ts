import { defineSecretRule, j } from '../secret-pattern.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-012',
  pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
  message: 'SendGrid API key committed to source.',
  remediation: 'Delete the key in SendGrid and load a new one from the environment.',
  samples: {
    truePositive: [{ path: 'a/mail.py', content: j('sg = SendGridAPIClient("SG', '.Xk92mWq1Lp7Zt4Nc8Rb3Vy.Q2x1Zk3Pq9Wm2Lr7Tx1Vb5Nc8Hy4Dg6Js0Fe3Ku7Iab")\n') }],
    subtleTruePositive: [{ path: 'a/.env', content: j('SENDGRID_API_KEY=SG', '.a1B2c3D4e5F6g7H8i9J0kL.mN1oP2qR3sT4uV5wX6yZ7aB8cD9eF0gH1iJ2kL3mN4o\n') }],
    decoys: [
      { path: 'a/mail.py', content: 'sg = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])  # SG.xxxxx\n' },
      { path: 'a/x.ts', content: "const fmt = 'SG.<id>.<secret>';\n" },
    ],
  },
});
