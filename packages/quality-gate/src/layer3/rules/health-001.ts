import type { Node as SyntaxNode } from 'web-tree-sitter';
import { calleeName, lineOf, nodesOfType, stringValue } from '../ast.js';
import { defineServiceRule } from '../define-rule.js';
import { HTTP_METHODS, findRoutes, servesHttp } from '../http-code.js';
import type { ParsedFile } from '../rule.js';
import { goJavaRoutes, servesGoJavaHttp } from '../go-java.js';

/** A health route path (`/health`, `/api/healthz`, `GET /ready`, …) as HEALTH-001 reads route bindings; the planting module renames what it matches. */
export const HEALTH_PATH = /^(?:(?:GET|HEAD|ALL)\s+)?\/(?:[\w.-]+\/)*(health|healthz|healthcheck|ready|readyz|readiness|livez|liveness|live)\/?$/i;
const OUTBOUND = /^(fetch|get|post|request|urlopen|head)$/;

/** Whether a health-path string literal sits where routes are defined (not an outbound call). */
function isRouteContext(lit: SyntaxNode): boolean {
  const parent = lit.parent;
  if (!parent) return false;
  if (['binary_expression', 'comparison_operator', 'switch_case', 'case_clause', 'case_pattern'].includes(parent.type)) return true;
  if (parent.type === 'pair' && parent.childForFieldName('key')?.id === lit.id) return true;
  if ((parent.type === 'arguments' || parent.type === 'argument_list') && parent.parent) {
    const call = parent.parent;
    const name = calleeName(call).toLowerCase();
    if (/^(startsWith|endsWith|startswith|endswith|includes|match|test|equals)$/i.test(name)) return true;
    if (HTTP_METHODS.has(name) || /^(route|api_route|add_api_route|add_url_rule|use|Route|Mount)$/.test(calleeName(call))) {
      return !(name === 'get' || name === 'head') || !OUTBOUND.test(calleeName(call)) || parent.namedChildren[0]?.id === lit.id;
    }
  }
  return false;
}

function hasHealthRoute(file: ParsedFile): boolean {
  if (!file.tree) return false;
  if (file.language === 'go' || file.language === 'java') return goJavaRoutes(file).some((r) => HEALTH_PATH.test(r.path));
  if (findRoutes(file).some((r) => HEALTH_PATH.test(r.path))) return true;
  return nodesOfType(file.tree, ['string']).some((lit) => HEALTH_PATH.test(stringValue(lit) ?? '') && isRouteContext(lit));
}

/** Where a service starts serving: Node/Python app constructors and listen calls, Go `ListenAndServe`/router constructors, Java `SpringApplication.run`, JDK `HttpServer.create`, Javalin. */
const SERVER_START =
  /\b(createServer\(|FastAPI\(|Flask\(|new Hono\(|express\(\)|fastify\(|Fastify\(|\.listen\(|ListenAndServe(TLS)?\(|SpringApplication\.run\(|HttpServer\.create\(|Javalin\.create\(|Vertx\.vertx\()/;

function serverLine(file: ParsedFile): number {
  const m = SERVER_START.exec(file.text);
  if (m) return file.text.slice(0, m.index).split('\n').length;
  const first = file.tree ? nodesOfType(file.tree, ['call', 'call_expression'])[0] : undefined;
  return first ? lineOf(first) : 1;
}

export const rule = defineServiceRule({
  code: 'HEALTH-001',
  message: 'Service serves HTTP but has no health endpoint (/health, /healthz or /ready).',
  remediation: 'Add GET /health returning 200 {"status":"ok"} (and a HEALTHCHECK that calls it).',
  samples: {
    truePositive: [
      {
        path: 'orders/src/server.js',
        content: "const http = require('node:http');\nhttp.createServer((req, res) => {\n  if (req.method === 'GET' && req.url === '/orders') return list(res);\n  res.writeHead(404).end();\n}).listen(8080);\n",
        extraFiles: [{ path: 'orders/package.json', content: '{"name":"orders"}' }],
      },
    ],
    subtleTruePositive: [
      {
        path: 'gateway/app/main.py',
        content: 'app = FastAPI()\n\n@app.get("/orders")\nasync def orders():\n    up = httpx.get(f"{AUTH_URL}/health")\n    return []\n# TODO: add /health\n',
        extraFiles: [{ path: 'gateway/requirements.txt', content: 'fastapi\n' }],
      },
      {
        path: 'tasks/src/routes.js',
        content: 'export const operations = [\n  { "key": "GET /health", "path": "/health", "operationId": "getHealth" },\n];\nexport const handlers = { "GET /tasks": listTasks };\ncreateServer(dispatch(operations, handlers)).listen(8080);\n',
        extraFiles: [{ path: 'tasks/package.json', content: '{"name":"tasks"}' }],
      },
      {
        path: 'loans/app/server.py',
        content: 'from http.server import ThreadingHTTPServer\n\ndef handle(method, path):\n    if path == "/loans":\n        return 200, []\n    return 404, {}\n\nThreadingHTTPServer(("", 8080), Handler).serve_forever()\n',
        extraFiles: [{ path: 'loans/requirements.txt', content: '\n' }],
      },
    ],
    decoys: [
      {
        path: 'orders/src/server.js',
        content: "http.createServer((req, res) => {\n  if (req.url === '/health') return res.end('{\"status\":\"ok\"}');\n  res.end();\n}).listen(8080);\n",
        extraFiles: [{ path: 'orders/package.json', content: '{"name":"orders"}' }],
      },
      {
        path: 'api/app/main.py',
        content: 'app = FastAPI()\n\n@app.get("/api/health")\ndef health():\n    return {"status": "ok"}\n',
        extraFiles: [{ path: 'api/pyproject.toml', content: '[project]\nname = "api"\n' }],
      },
      {
        path: 'tasks/src/routes.js',
        content: 'export const operations = [\n  { "key": "GET /health", "path": "/health", "operationId": "getHealth" },\n];\nexport const handlers = { "GET /health": getHealth, "GET /tasks": listTasks };\ncreateServer(dispatch(operations, handlers)).listen(8080);\n',
        extraFiles: [{ path: 'tasks/package.json', content: '{"name":"tasks"}' }],
      },
      { path: 'lib/src/math.ts', content: 'export const add = (a: number, b: number) => a + b;\n', extraFiles: [{ path: 'lib/package.json', content: '{"name":"lib"}' }] },
    ],
  },
  check(service) {
    const code = service.files.filter((f) => f.tree && !/(^|\/)(tests?|__tests__)\//.test(f.path));
    const servers = code.filter((f) => (f.language === 'go' || f.language === 'java' ? servesGoJavaHttp(f) : servesHttp(f)));
    if (servers.length === 0 || code.some(hasHealthRoute)) return [];
    // Report at the file that starts the server (not a router module that happens to sort first).
    const main = servers.find((f) => SERVER_START.test(f.text)) ?? (servers[0] as ParsedFile);
    return [{ file: main.path, line: serverLine(main), message: `Service "${service.name}" serves HTTP but defines no /health, /healthz or /ready route.` }];
  },
});
