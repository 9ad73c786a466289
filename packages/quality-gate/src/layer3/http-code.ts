import type { Node as SyntaxNode } from 'web-tree-sitter';
import { memo, callArguments, calleeName, calleeObject, enclosingFunction, isFunction, nodesOfType, parameterNames, stringValue, stringValues } from './ast.js';
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
  /** JS middleware arguments between the path and the handler (or route options such as `preHandler`); Python: decorators of the handler. */
  readonly middleware: SyntaxNode[];
  /** The router/app object the route is registered on (`router` for `router.get(...)`, `app` for `@app.post(...)`). */
  readonly object: string;
}

const ROUTE_OPTION_KEYS = /^(preHandler|onRequest|preValidation|preParsing|beforeHandler|middleware|middlewares|before|guards?|dependencies)$/;

/** Fastify/Hapi-style `app.route({ method: 'POST', url: '/x', preHandler, handler })`. */
function objectRoute(call: SyntaxNode, object: string): RouteSite | undefined {
  const options = callArguments(call)[0];
  if (options?.type !== 'object') return undefined;
  let method: string | undefined;
  let path: string | undefined;
  let handler: SyntaxNode | null = null;
  const middleware: SyntaxNode[] = [];
  for (const pair of options.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (!key || !value) continue;
    const name = stringValue(key) ?? key.text;
    if (name === 'method') method = (stringValue(value) ?? stringValues(value)[0])?.toLowerCase();
    else if (name === 'url' || name === 'path') path = stringValue(value);
    else if (name === 'handler') handler = isFunction(value) ? value : null;
    else if (ROUTE_OPTION_KEYS.test(name)) middleware.push(pair);
  }
  if (!method || !path?.startsWith('/')) return undefined;
  return { call, method, path, handler, middleware, object };
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
    const object = calleeObject(call);
    if (!ROUTE_CALLS.has(method) || !object) continue;
    const args = callArguments(call);
    if (method === 'route' && file.language !== 'python') {
      const site = objectRoute(call, object);
      if (site) {
        out.push(site);
        continue;
      }
    }
    const path = stringValue(args[0]);
    if (path === undefined || !path.startsWith('/')) continue;
    if (file.language === 'python') {
      const decorator = call.parent?.type === 'decorator' ? call.parent : null;
      const def = decorator?.parent?.type === 'decorated_definition' ? decorator.parent : null;
      const handler = def?.childForFieldName('definition') ?? null;
      const decorators = def ? def.namedChildren.filter((n): n is SyntaxNode => n?.type === 'decorator') : [];
      if (!decorator && method !== 'add_api_route' && method !== 'add_url_rule') continue;
      out.push({ call, method, path, handler, middleware: decorators.filter((d) => d !== decorator), object });
    } else {
      const rest = args.slice(1);
      const last = rest.at(-1);
      const handler = last && isFunction(last) ? last : null;
      out.push({ call, method, path, handler, middleware: rest.slice(0, -1), object });
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
  // `HTTPServer(` without a word boundary: `ThreadingHTTPServer(` serves HTTP too.
  return /\b(createServer|FastAPI\(|Flask\(|new Hono\(|express\(\)|fastify\(|Koa\(|serve\(\{|web\.Application\()|HTTPServer\(/.test(file.text);
}

/** A request path tested by hand in a raw handler: `if (req.method === 'POST' && url.pathname === '/x')`, `case '/x':`. */
export interface PathBranch {
  /** The `if` statement or `case` clause that serves the path. */
  readonly node: SyntaxNode;
  readonly path: string;
  /** Upper-cased HTTP method tested next to the path, when any. */
  readonly method?: string;
  /** The handler function the branch sits in. */
  readonly handler: SyntaxNode;
}

const PATH_OPERAND = /(^|\.)(pathname|url|path|route)$|^self\.path$/;

function comparedPath(condition: SyntaxNode): string | undefined {
  for (const cmp of [condition, ...nodesOfType(condition, ['binary_expression', 'comparison_operator'])]) {
    if (cmp.type !== 'binary_expression' && cmp.type !== 'comparison_operator') continue;
    if (!/^[^]*?(===|==)/.test(cmp.text)) continue;
    const [a, b] = cmp.namedChildren;
    if (!a || !b) continue;
    for (const [lit, other] of [[a, b], [b, a]] as const) {
      const value = stringValue(lit);
      if (value?.startsWith('/') && PATH_OPERAND.test(other.text.replace(/\s+/g, ''))) return value;
    }
  }
  return undefined;
}

/**
 * Paths a raw `node:http` (or `http.server`) handler serves by comparing the request path by hand.
 *
 * @example
 * findPathBranches(file).map((b) => `${b.method ?? '*'} ${b.path}`); // ['GET /health', 'POST /entries']
 */
export function findPathBranches(file: ParsedFile): PathBranch[] {
  const tree = file.tree;
  if (!tree) return [];
  return memo(tree, 'pathBranches', () => {
    const out: PathBranch[] = [];
    for (const node of tree.rootNode.descendantsOfType(['if_statement', 'switch_case'])) {
      if (!node) continue;
      const handler = enclosingFunction(node);
      if (!handler) continue;
      let path: string | undefined;
      let condition = '';
      if (node.type === 'if_statement') {
        const cond = node.childForFieldName('condition');
        if (!cond) continue;
        condition = cond.text;
        path = comparedPath(cond);
      } else {
        const value = node.childForFieldName('value');
        const subject = node.parent?.parent?.childForFieldName('value')?.text.replace(/[()\s]/g, '') ?? '';
        if (value && PATH_OPERAND.test(subject)) path = stringValue(value);
      }
      if (!path?.startsWith('/')) continue;
      const method = /method\s*===?\s*['"]([A-Za-z]+)['"]/.exec(condition)?.[1]?.toUpperCase();
      out.push({ node, path, handler, ...(method ? { method } : {}) });
    }
    return out;
  });
}
