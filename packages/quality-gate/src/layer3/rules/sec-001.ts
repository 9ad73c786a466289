import type { Node as SyntaxNode } from 'web-tree-sitter';
import { lineOf, parameterNames } from '../ast.js';
import { authNames, authenticates, routeAuthenticates, serviceProtection, type AuthNames } from '../auth-code.js';
import { defineServiceRule } from '../define-rule.js';
import { findPathBranches, findRoutes, type PathBranch } from '../http-code.js';
import type { ParsedFile, RuleFinding } from '../rule.js';
import { goJavaUnauthenticatedRoutes } from '../go-java.js';

const PUBLIC_PATH = /^\/(?:api\/)?(?:v\d+\/)?(health|healthz|ready|readyz|livez|live|metrics|status|ping|version|docs|openapi(\.json|\.yaml)?|swagger.*|login|logout|register|signup|sign-up|token|auth(\/.*)?|\.well-known\/.*|favicon\.ico)?\/?$/i;
/** `/` is public only as the landing page of the app itself (GET on app/server), not as the collection route of a mounted router. */
function isPublic(path: string, method: string, object: string): boolean {
  if (path === '/' || path === '') return method === 'get' && /^(app|server|application|api)$/.test(object);
  return PUBLIC_PATH.test(path);
}

const ROUTE_TEXT = /\.(get|post|put|patch|delete|route|api_route|add_api_route|add_url_rule|all|websocket)\s*\(|pathname|self\.path|req\.url|request\.url/;
const RAW_PARAMS = new Set(['req', 'request', 'res', 'response']);

function isRawHandler(fn: SyntaxNode): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (/^do_[A-Z]+$/.test(name)) return true;
  const params = parameterNames(fn);
  return params.some((p) => RAW_PARAMS.has(p));
}

/** A guard clause: `if (!isAdmin(req)) { res.writeHead(401); return res.end(); }`. */
function rejectsUnauthenticated(node: SyntaxNode): boolean {
  return node.type === 'if_statement' && /\b40[13]\b|unauthori[sz]ed|forbidden/i.test(node.childForFieldName('consequence')?.text ?? '');
}

/** Whether code that runs before the branch (earlier statements of its blocks) or the branch itself authenticates. */
function branchGuarded(branch: PathBranch, names: AuthNames): boolean {
  const own = branch.node.type === 'if_statement' ? (branch.node.childForFieldName('consequence')?.text ?? '') : branch.node.text;
  if (names.calls(own) || authenticates(own)) return true;
  for (let node: SyntaxNode | null = branch.node; node && node.id !== branch.handler.id; node = node.parent) {
    for (let prev = node.previousNamedSibling; prev; prev = prev.previousNamedSibling) {
      if (names.calls(prev.text) || authenticates(prev.text) || rejectsUnauthenticated(prev)) return true;
    }
  }
  return false;
}

function rawBranchFindings(file: ParsedFile, names: AuthNames, routeHandlers: Set<number>): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const branch of findPathBranches(file)) {
    if ((branch.path !== '/' && PUBLIC_PATH.test(branch.path)) || branch.method === 'OPTIONS' || branch.method === 'HEAD') continue;
    let outer: SyntaxNode = branch.handler;
    for (let p = branch.handler.parent; p; p = p.parent) if (/function|arrow|method|lambda/.test(p.type)) outer = p;
    if (routeHandlers.has(outer.id) || routeHandlers.has(branch.handler.id) || !isRawHandler(outer)) continue;
    if (branchGuarded(branch, names)) continue;
    out.push({ file: file.path, line: lineOf(branch.node), message: `${branch.method ?? 'Any method on'} ${branch.path} is served without authentication (no auth check runs before this branch).` });
  }
  return out;
}

export const rule = defineServiceRule({
  code: 'SEC-001',
  message: 'Endpoint has no authentication middleware, dependency or decorator.',
  remediation: 'Add the auth middleware (e.g. requireAuth) / a Depends(get_current_user) dependency, or mark the route as deliberately public with a suppression comment.',
  samples: {
    truePositive: [
      { path: 'svc/routes.js', content: "router.delete('/orders/:id', async (req, res) => { await db.remove(req.params.id); res.sendStatus(204); });\n" },
      { path: 'svc/main.py', content: '@app.post("/orders")\nasync def create_order(body: Order):\n    return await repo.save(body)\n' },
      {
        path: 'svc/src/server.js',
        content: "const server = http.createServer((req, res) => {\n  if (req.method === 'POST' && req.url === '/admin/reset') return reset(res);\n  if (!checkToken(req)) return deny(res);\n});\nfunction checkToken(req) { return jwt.verify(req.headers.authorization, KEY); }\n",
      },
    ],
    subtleTruePositive: [
      { path: 'svc/routes.ts', content: "router.put('/orders/:id', validateBody(OrderSchema), rateLimit(10), updateOrder);\n" },
      { path: 'svc/api.py', content: '@router.get("/users/{user_id}")\ndef get_user(user_id: int, db: Session = Depends(get_db)):\n    return db.get(User, user_id)\n' },
      {
        path: 'svc/src/app.ts',
        content: "app.use('/api/orders', requireAuth, ordersRouter);\napp.use('/api/reviews', reviewsRouter);\n",
        extraFiles: [{ path: 'svc/src/reviews.ts', content: "export const reviewsRouter = Router();\nreviewsRouter.delete('/:id', (req, res) => res.sendStatus(204));\n" }],
      },
      { path: 'svc/src/admin.ts', content: "export default async function admin(app) {\n  app.route({ method: 'POST', url: '/reindex', handler: async () => ({ queued: true }) });\n}\n" },
    ],
    decoys: [
      { path: 'svc/routes.js', content: "router.post('/orders', requireAuth, async (req, res) => res.json(await create(req.body)));\napp.get('/health', (req, res) => res.json({ status: 'ok' }));\n" },
      { path: 'svc/main.py', content: '@app.get("/orders/{order_id}")\ndef read(order_id: str, user: User = Depends(get_current_user)):\n    return repo.get(order_id)\n@app.post("/login")\ndef login(form: LoginForm):\n    return issue(form)\n' },
      { path: 'svc/app.ts', content: "app.use(authenticate);\napp.patch('/orders/:id', handler);\n" },
      {
        path: 'svc/app/main.py',
        content: 'from fastapi import Depends, FastAPI\nfrom app.deps import get_current_principal\nfrom app.routers import orders\n\napp = FastAPI()\napp.include_router(orders.router, prefix="/orders", dependencies=[Depends(get_current_principal)])\n',
        extraFiles: [
          { path: 'svc/app/routers/orders.py', content: 'router = APIRouter()\n\n@router.delete("/{order_id}")\ndef cancel(order_id: str, db = Depends(get_db)):\n    return db.cancel(order_id)\n' },
          { path: 'svc/app/deps.py', content: 'def get_current_principal(creds = Depends(bearer)):\n    if creds is None:\n        raise HTTPException(status_code=401)\n    return jwt.decode(creds.credentials, KEY, algorithms=["RS256"])\n' },
        ],
      },
      {
        path: 'svc/src/app.ts',
        content: "import { productsRouter } from './products.js';\nimport { ensureSignedIn } from './session.js';\napp.use('/api/products', ensureSignedIn, productsRouter);\n",
        extraFiles: [
          { path: 'svc/src/products.ts', content: "export const productsRouter = Router();\nproductsRouter.put('/:sku/price', reprice);\n" },
          { path: 'svc/src/session.ts', content: "export function ensureSignedIn(req, res, next) {\n  if (!req.headers.authorization) return res.status(401).end();\n  next();\n}\n" },
        ],
      },
      { path: 'svc/src/bookings.ts', content: "export default async function bookings(app) {\n  app.addHook('preHandler', app.authenticate);\n  app.delete('/:id', async () => ({}));\n}\n" },
      {
        path: 'svc/app/routes.py',
        content: 'from app.deps import CurrentUser\n\n@router.post("/shipments/{sid}/delay")\nasync def delay(sid: str, user: CurrentUser):\n    return {"sid": sid}\n',
        extraFiles: [{ path: 'svc/app/deps.py', content: 'async def resolve_user(token: str = Depends(oauth2_scheme)):\n    raise HTTPException(status_code=401)\n\nCurrentUser = Annotated[User, Depends(resolve_user)]\n' }],
      },
      {
        path: 'svc/server.js',
        content: "app.use('/v1/track', authenticate, require('./routes/track'));\n",
        extraFiles: [{ path: 'svc/routes/track.js', content: "const router = express.Router();\nrouter.put('/:id/position', save);\nmodule.exports = router;\n" }],
      },
      {
        path: 'svc/src/server.js',
        content: "http.createServer((req, res) => {\n  if (req.url === '/healthz') return ok(res);\n  if (!isAdmin(req)) { res.writeHead(401); return res.end(); }\n  if (req.method === 'DELETE' && req.url === '/cache') return flush(res);\n});\nfunction isAdmin(req) { return req.headers['x-api-key'] === process.env.ADMIN_KEY; }\n",
      },
    ],
  },
  check(service) {
    const code = service.files.filter((f) => f.language === 'python' || f.language === 'typescript' || f.language === 'tsx' || f.language === 'javascript');
    const routed = code.filter((f) => ROUTE_TEXT.test(f.text) && f.tree);
    if (routed.length === 0) return goJavaUnauthenticatedRoutes(service.files);
    const names = authNames(code);
    const protection = serviceProtection(code, names);
    const findings: RuleFinding[] = [];
    for (const file of routed) {
      const routes = findRoutes(file);
      const handlers = new Set(routes.map((r) => r.handler?.id).filter((id): id is number => id !== undefined));
      for (const route of routes) {
        if (isPublic(route.path, route.method, route.object) || route.method === 'options' || route.method === 'head') continue;
        if (protection.isProtected(file, route) || routeAuthenticates(route, file, names)) continue;
        findings.push({ file: file.path, line: lineOf(route.call), message: `${route.method.toUpperCase()} ${route.path} has no authentication middleware, dependency or decorator.` });
      }
      findings.push(...rawBranchFindings(file, names, handlers));
    }
    return [...findings, ...goJavaUnauthenticatedRoutes(service.files)];
  },
});
