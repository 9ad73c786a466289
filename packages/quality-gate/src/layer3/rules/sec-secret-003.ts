import { defineSecretRule, j } from '../secret-pattern.js';

const BODY = /^\s*["'`]?[A-Za-z0-9+/=]{40,}/;

export const rule = defineSecretRule({
  code: 'SEC-SECRET-003',
  pattern: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/,
  valueGroup: 0,
  message: 'Private key material committed to source.',
  remediation: 'Remove the key, revoke/rotate it, and mount it at run time from a secret store.',
  validate: (_v, m, lines, i) => {
    const rest = (lines[i] ?? '').slice(m.index + m[0].length);
    return /^(\\n|\s)*[A-Za-z0-9+/=]{40,}/.test(rest) || BODY.test(lines[i + 1] ?? '');
  },
  samples: {
    truePositive: [{ path: 'a/keys/server.key', content: j('-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----\n') }],
    subtleTruePositive: [{ path: 'a/src/keys.ts', content: j("const KEY = '-----BEGIN PRIVATE", " KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----';\n") }],
    decoys: [
      { path: 'a/src/pem.ts', content: j("if (pem.startsWith('-----BEGIN PRIVATE", " KEY-----')) return 'pkcs8';\n") },
      { path: 'a/src/pub.pem', content: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----\n' },
    ],
  },
});
