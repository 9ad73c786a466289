import { findCorsSites } from '../cors-config.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'CORS-001',
  languages: CODE_LANGUAGES,
  prefilter: /cors|access-control-allow/i,
  message: 'CORS allows any origin (*).',
  remediation: 'List the front-end origins that may call this API (e.g. from an ALLOWED_ORIGINS setting) instead of "*".',
  samples: {
    truePositive: [
      { path: 's/main.py', content: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"])\n' },
      { path: 's/app.js', content: "app.use(cors({ origin: '*' }));\n" },
    ],
    subtleTruePositive: [
      { path: 's/app.ts', content: 'app.use(cors());\n' },
      { path: 's/server.js', content: "res.setHeader('Access-Control-Allow-Origin', '*');\n" },
    ],
    decoys: [
      { path: 's/main.py', content: 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_methods=["*"])\n' },
      { path: 's/app.js', content: "app.use(cors({ origin: ['https://app.example.com'] }));\nconst files = glob('*');\n" },
    ],
  },
  check(file) {
    return findCorsSites(file)
      .filter((s) => s.origin === 'wildcard' && !s.credentials)
      .map((s) => ({ line: s.line }));
  },
});
