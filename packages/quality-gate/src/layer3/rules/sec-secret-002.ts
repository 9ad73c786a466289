import { defineSecretRule, j } from '../secret-pattern.js';
import { entropy } from '../secret-values.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-002',
  pattern: /aws_?secret(?:_?access)?_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i,
  message: 'AWS secret access key committed to source.',
  remediation: 'Rotate the key in IAM immediately and load it from the environment or a secret manager.',
  validate: (v) => entropy(v) > 3.5,
  samples: {
    truePositive: [{ path: 'a/.env', content: j('AWS_SECRET_ACCESS_KEY=q8Zr4TnW1pLx7Vb2', 'Ky9Hs3Dm6Fg0Jc5Ne8Ua4Qo1\n') }],
    subtleTruePositive: [{ path: 'a/config.ts', content: j("const creds = { awsSecretAccessKey: 'Zk3/Pq9+Wm2Lr7Tx1Vb5", "Nc8Hy4Dg6Js0Fe3Ku7Ia' };\n") }],
    decoys: [
      { path: 'a/.env', content: 'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n' },
      { path: 'a/hash.py', content: 'checksum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"\n' },
    ],
  },
});
