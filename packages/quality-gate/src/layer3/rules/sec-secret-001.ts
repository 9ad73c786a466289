import { defineSecretRule, j } from '../secret-pattern.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-001',
  pattern: /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/,
  message: 'AWS access key id committed to source.',
  remediation: 'Deactivate the key in IAM, remove it from the code and history, and load credentials from the environment or an instance role.',
  samples: {
    truePositive: [{ path: 'a/settings.py', content: j('AWS_ACCESS_KEY_ID = "AKIA', 'Q3EGRT7ZPLM2XV4K"\n') }],
    subtleTruePositive: [{ path: 'a/deploy.sh', content: j('aws configure set aws_access_key_id ASIA', 'ZX81KQW3MNB5TRE2 --profile ci\n') }],
    decoys: [
      { path: 'a/settings.py', content: 'AWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]\nDOC = "keys look like AKIAXXXXXXXXXXXXXXXX"\n' },
      { path: 'a/README.txt', content: j('example: AKIAIOSFODNN7', 'EXAMPLE\n') },
    ],
  },
});
