import { findCorsSites } from '../cors-config.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'CORS-002',
  languages: CODE_LANGUAGES,
  prefilter: /cors|access-control-allow/i,
  message: 'CORS allows credentials together with the wildcard origin: browsers reject it, and servers that work around it let any site make authenticated requests.',
  remediation: 'Use an explicit origin allowlist when allow_credentials/credentials is true.',
  samples: {
    truePositive: [{ path: 's/main.py', content: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n' }],
    subtleTruePositive: [
      { path: 's/server.ts', content: "await app.register(cors, { origin: '*', credentials: true });\n" },
      { path: 's/server.ts', content: "res.setHeader('Access-Control-Allow-Origin', '*');\nres.setHeader('Access-Control-Allow-Credentials', 'true');\n" },
    ],
    decoys: [
      { path: 's/main.py', content: 'app.add_middleware(CORSMiddleware, allow_origins=ALLOWED_ORIGINS, allow_credentials=True)\n' },
      { path: 's/app.js', content: "app.use(cors({ origin: '*', credentials: false }));\n" },
      { path: 's/app.ts', content: 'app.use(cors({ origin: true, credentials: true }));\n' },
    ],
  },
  check(file) {
    return findCorsSites(file)
      .filter((s) => s.credentials && s.origin === 'wildcard')
      .map((s) => ({ line: s.line }));
  },
});
