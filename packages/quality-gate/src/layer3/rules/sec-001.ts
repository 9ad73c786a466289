import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, lineOf, nodesOfType, parameterNames } from '../ast.js';
import { CODE_LANGUAGES, defineFileRule } from '../define-rule.js';
import { findRoutes } from '../http-code.js';

const AUTH = /auth|jwt|token|verify|protect|guard|session|passport|login_required|requires?_?(user|login|role|scope)|current_user|permission|bearer|api_?key|security|acl|rbac/i;
const PUBLIC_PATH = /^\/(?:api\/)?(?:v\d+\/)?(health|healthz|ready|readyz|livez|live|metrics|status|ping|version|docs|openapi(\.json|\.yaml)?|swagger.*|login|logout|register|signup|sign-up|token|auth(\/.*)?|\.well-known\/.*|favicon\.ico)?\/?$/i;

function hasGlobalAuth(root: SyntaxNode): boolean {
  for (const call of nodesOfType(root, ['call_expression', 'call'])) {
    const name = calleeName(call);
    if ((name === 'use' || name === 'add_middleware' || name === 'before_request' || name === 'register') && AUTH.test(callArguments(call).map((a) => a.text).join(' '))) return true;
    if (/^(FastAPI|APIRouter|Blueprint)$/.test(name) && callArguments(call).some((a) => a.text.startsWith('dependencies') && AUTH.test(a.text))) return true;
  }
  return false;
}

export const rule = defineFileRule({
  code: 'SEC-001',
  languages: CODE_LANGUAGES,
  prefilter: /\.(get|post|put|patch|delete|route|api_route|add_api_route|add_url_rule|all|websocket)\s*\(/,
  message: 'Endpoint has no authentication middleware, dependency or decorator.',
  remediation: 'Add the auth middleware (e.g. requireAuth) / a Depends(get_current_user) dependency, or mark the route as deliberately public with a suppression comment.',
  samples: {
    truePositive: [
      { path: 'svc/routes.js', content: "router.delete('/orders/:id', async (req, res) => { await db.remove(req.params.id); res.sendStatus(204); });\n" },
      { path: 'svc/main.py', content: '@app.post("/orders")\nasync def create_order(body: Order):\n    return await repo.save(body)\n' },
    ],
    subtleTruePositive: [
      { path: 'svc/routes.ts', content: "router.put('/orders/:id', validateBody(OrderSchema), rateLimit(10), updateOrder);\n" },
      { path: 'svc/api.py', content: '@router.get("/users/{user_id}")\ndef get_user(user_id: int, db: Session = Depends(get_db)):\n    return db.get(User, user_id)\n' },
    ],
    decoys: [
      { path: 'svc/routes.js', content: "router.post('/orders', requireAuth, async (req, res) => res.json(await create(req.body)));\napp.get('/health', (req, res) => res.json({ status: 'ok' }));\n" },
      { path: 'svc/main.py', content: '@app.get("/orders/{order_id}")\ndef read(order_id: str, user: User = Depends(get_current_user)):\n    return repo.get(order_id)\n@app.post("/login")\ndef login(form: LoginForm):\n    return issue(form)\n' },
      { path: 'svc/app.ts', content: "app.use(authenticate);\napp.patch('/orders/:id', handler);\n" },
    ],
  },
  check(file) {
    if (!file.tree || hasGlobalAuth(file.tree.rootNode)) return [];
    const findings = [];
    for (const route of findRoutes(file)) {
      if (PUBLIC_PATH.test(route.path) || route.method === 'options' || route.method === 'head') continue;
      if (route.middleware.some((m) => AUTH.test(m.text))) continue;
      if (file.language === 'python' && route.handler) {
        const params = route.handler.childForFieldName('parameters')?.text ?? '';
        const dependencies = callArguments(route.call).filter((a) => a.text.startsWith('dependencies')).map((a) => a.text).join(' ');
        const deps = [...params.matchAll(/(?:Depends|Security)\(\s*([\w.]+)/g)].map((m) => m[1] ?? '');
        if (deps.some((d) => AUTH.test(d))) continue;
        if (AUTH.test(dependencies)) continue;
        if (parameterNames(route.handler).some((p) => AUTH.test(p))) continue;
      } else if (route.handler) {
        const body = route.handler.childForFieldName('body')?.text ?? '';
        if (/\b(verify|authenticate|authorize|requireAuth)\w*\(/.test(body) || /headers\.authorization|headers\[['"]authorization/i.test(body)) continue;
      }
      findings.push({ line: lineOf(route.call), message: `${route.method.toUpperCase()} ${route.path} has no authentication middleware, dependency or decorator.` });
    }
    return findings;
  },
});
