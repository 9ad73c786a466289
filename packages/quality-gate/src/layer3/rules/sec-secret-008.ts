import { defineSecretRule, j } from '../secret-pattern.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-008',
  pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,}|glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
  message: 'GitHub/GitLab access token committed to source.',
  remediation: 'Revoke the token on GitHub/GitLab and use a CI secret or the platform token instead.',
  samples: {
    truePositive: [{ path: 'a/ci.sh', content: j('export GITHUB_TOKEN=ghp', '_R8kz2Lq9Xv4Tn7Wm1Pb6Hc3Js5Fd0Ya8Ue2Q\n') }],
    subtleTruePositive: [{ path: 'a/release.py', content: j('gl = gitlab.Gitlab(URL, private_token="glpat', '-Xk92mWq1Lp7Zt4Nc8RbQ")\n') }],
    decoys: [
      { path: 'a/ci.sh', content: 'export GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}\n# tokens start with ghp_ followed by 36 characters\n' },
      { path: 'a/x.ts', content: "const prefix = 'ghp_';\nconst name = 'glpat-token-docs';\n" },
    ],
  },
});
