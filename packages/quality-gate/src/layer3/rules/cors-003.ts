import { findCorsSites } from '../cors-config.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'CORS-003',
  languages: CODE_LANGUAGES,
  prefilter: /cors|access-control-allow/i,
  message: 'CORS reflects the request Origin without validating it against an allowlist.',
  remediation: 'Echo the Origin header back only after checking it against a fixed list of allowed origins.',
  samples: {
    truePositive: [{ path: 's/server.js', content: "res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n" }],
    subtleTruePositive: [
      { path: 's/app.ts', content: 'app.use(cors({ origin: (origin, cb) => cb(null, true) }));\n' },
      { path: 's/server.ts', content: 'await app.register(cors, { origin: true, credentials: true });\n' },
      { path: 's/app.js', content: 'const corsOptions = { origin: true, credentials: true };\napp.use(cors(corsOptions));\n' },
      { path: 's/main.py', content: 'app.add_middleware(CORSMiddleware, allow_origin_regex=".*")\n' },
      { path: 's/hooks.py', content: 'def add_cors(response):\n    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n    return response\n' },
    ],
    decoys: [
      { path: 's/server.js', content: "const origin = req.headers.origin;\nif (ALLOWED.includes(origin)) {\n  res.setHeader('Access-Control-Allow-Origin', origin);\n}\n" },
      { path: 's/app.ts', content: 'app.use(cors({ origin: (origin, cb) => cb(null, allowed.has(origin)) }));\n' },
      { path: 's/server.ts', content: "await app.register(cors, { origin: ['https://app.example.com'], credentials: true });\n" },
    ],
  },
  check(file) {
    return findCorsSites(file)
      .filter((s) => s.origin === 'reflect')
      .map((s) => ({ line: s.line }));
  },
});
