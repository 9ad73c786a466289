import { defineSecretRule, j } from '../secret-pattern.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-011',
  pattern: /\b(xox[baprs]-[A-Za-z0-9-]{10,})/,
  message: 'Slack token committed to source.',
  remediation: 'Revoke the token in the Slack app settings and load it from the environment.',
  validate: (v) => /\d{6,}/.test(v),
  samples: {
    truePositive: [{ path: 'a/notify.py', content: j('SLACK_TOKEN = "xoxb', '-2837465019-4728193650-Zk3Pq9Wm2Lr7Tx1Vb5Nc8Hy"\n') }],
    subtleTruePositive: [{ path: 'a/notify.ts', content: j("new WebClient('xoxp", "-1234567890-0987654321-1122334455-a1b2c3d4e5f6');\n") }],
    decoys: [
      { path: 'a/notify.py', content: 'SLACK_TOKEN = "xoxb-your-token-here"\n' },
      { path: 'a/notify.ts', content: "const token = process.env.SLACK_BOT_TOKEN; // xoxb-...\n" },
    ],
  },
});
