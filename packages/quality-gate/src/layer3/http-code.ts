import type { Node as SyntaxNode } from 'web-tree-sitter';
import { memo, callArguments, calleeName, calleeObject, enclosingFunction, isFunction, nodesOfType, parameterNames, stringValue } from './ast.js';
import type { ParsedFile } from './rule.js';

/** HTTP method names used by route registration APIs. */
export const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
const ROUTE_CALLS = new Set([...HTTP_METHODS, 'route', 'api_route', 'add_api_route', 'add_url_rule', 'websocket']);
const REQUEST_PARAMS = new Set(['req', 'request', 'res', 'response', 'reply', 'ctx', 'c']);

/** A route registration: `app.get('/x', ...)`, `@app.post("/x")`, `router.route('/x')`. */
export interface RouteSite {
  readonly call: SyntaxNode;
  readonly method: string;
  readonly path: string;
  /** The handler function node (JS: last function argument; Python: the decorated function). */
  readonly handler: SyntaxNode | null;
  /** JS middleware arguments between the path and the handler; Python: decorators of the handler. */
  readonly middleware: SyntaxNode[];
}

/**
 * Route registrations in a JS/TS or Python file.
 *
 * @example
 * findRoutes(file).map((r) => `${r.method} ${r.path}`);
 */
export function findRoutes(file: ParsedFile): RouteSite[] {
  const tree = file.tree;
  if (!tree) return [];
  return memo(tree, 'routes', () => findRoutesRaw(file));
}

function findRoutesRaw(file: ParsedFile): RouteSite[] {
  if (!file.tree) return [];
  const out: RouteSite[] = [];
  for (const call of nodesOfType(file.tree, ['call_expression', 'call'])) {
    const method = calleeName(call).toLowerCase();
    if (!ROUTE_CALLS.has(method) || !calleeObject(call)) continue;
    const args = callArguments(call);
    const path = stringValue(args[0]);
    if (path === undefined || !path.startsWith('/')) continue;
    if (file.language === 'python') {
      const decorator = call.parent?.type === 'decorator' ? call.parent : null;
      const def = decorator?.parent?.type === 'decorated_definition' ? decorator.parent : null;
      const handler = def?.childForFieldName('definition') ?? null;
      const decorators = def ? def.namedChildren.filter((n): n is SyntaxNode => n?.type === 'decorator') : [];
      if (!decorator && method !== 'add_api_route' && method !== 'add_url_rule') continue;
      out.push({ call, method, path, handler, middleware: decorators.filter((d) => d !== decorator) });
    } else {
      const rest = args.slice(1);
      const last = rest.at(-1);
      const handler = last && isFunction(last) ? last : null;
      out.push({ call, method, path, handler, middleware: handler ? rest.slice(0, -1) : rest.slice(0, -1) });
    }
  }
  return out;
}

/**
 * Whether `node` runs inside a request handler: a function passed to a route registration or
 * `createServer`, a Python route function, or a function taking `req`/`res`/`request`/`ctx`.
 *
 * @example
 * isInRequestHandler(consoleLogCall); // true inside app.get('/x', (req, res) => {...})
 */
export function isInRequestHandler(node: SyntaxNode, routes?: readonly RouteSite[]): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (routes?.some((r) => r.handler?.id === fn.id)) return true;
    if (parameterNames(fn).some((p) => REQUEST_PARAMS.has(p))) return true;
    const callParent = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
    if (callParent && /^(createServer|use|on)$/.test(calleeName(callParent))) return true;
  }
  return false;
}

const ROUTE_OR_SERVER = /\.(get|post|put|patch|delete|head|options|all|route|api_route|add_api_route|add_url_rule|websocket)\s*\(|createServer|FastAPI\(|Flask\(|Hono\(|express\(|fastify\(|Koa\(|serve\(|Application\(|HTTPServer\(/;

/** Whether a file starts an HTTP server or defines routes. */
export function servesHttp(file: ParsedFile): boolean {
  if (!ROUTE_OR_SERVER.test(file.text) || !file.tree) return false;
  if (findRoutes(file).length > 0) return true;
  return /\b(createServer|FastAPI\(|Flask\(|new Hono\(|express\(\)|fastify\(|Koa\(|serve\(\{|web\.Application\(|HTTPServer\()/.test(file.text);
}
