import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, calleeObject, isFunction, keyValuePairs, nodesOfType, stringValue } from './ast.js';
import { findRoutes, type RouteSite } from './http-code.js';
import type { ParsedFile } from './rule.js';

/** Names that say "authentication" by themselves: `requireAuth`, `verify_token`, `current_user`, `passport.authenticate`. */
export const AUTH_NAME =
  /auth|jwt|token|verify|protect|guard|passport|login_required|requires?_?(user|login|role|scope|session)|ensure_?session|session_?(user|auth)|current_user|permission|bearer|api_?key|security|acl|rbac|signed_?in|logged_?in/i;
/** Framework objects that authenticate by construction. */
const AUTH_SCHEME = /HTTPBearer|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|APIKey(Header|Query|Cookie)|HTTPBasic\b|HTTPDigest|jwtVerify|passport\.authenticate|expressjwt|express-jwt|@fastify\/jwt/;
/** Code reading a credential ... */
const CREDENTIAL = /authorization|bearer|x-api-key|api[_-]?key|\btoken\b|credentials?|\bjwt\b/i;
/** ... and rejecting or verifying it. */
const VERIFIES = /\b40[13]\b|HTTP_40[13]|unauthori[sz]ed|forbidden|\.verify\w*\(|\bverify\w*\(|jwtVerify|\bdecode\w*\(|timingSafeEqual|compare_digest|hmac\.compare/i;

/**
 * Whether a piece of code authenticates the caller: uses an auth scheme, or reads a credential
 * (Authorization header, bearer token, API key) and verifies or rejects it (401/403, a verify/decode call).
 *
 * @example
 * authenticates("if (!req.headers.authorization) return res.status(401).end()"); // true
 * authenticates("res.header('Access-Control-Allow-Headers', 'authorization')"); // false
 */
export function authenticates(code: string): boolean {
  return AUTH_SCHEME.test(code) || (CREDENTIAL.test(code) && VERIFIES.test(code));
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The names of everything in a service that authenticates (functions, decorated helpers, security schemes). */
export interface AuthNames {
  readonly names: ReadonlySet<string>;
  /** Whether `text` mentions one of the names as a whole identifier. */
  mentions(text: string): boolean;
  /** Whether `text` calls one of the names. */
  calls(text: string): boolean;
}

/** Names too generic to stand for an auth function wherever they appear. */
const GENERIC = /^(handler|handle|callback|cb|fn|func|middleware|check|_check|checker|wrapper|inner|next|default|run|main|setup|init|plugin|app|router)$/;

interface Definition {
  readonly name: string;
  readonly text: string;
}

function definitions(file: ParsedFile): Definition[] {
  if (!file.tree) return [];
  const out: Definition[] = [];
  const types = ['function_definition', 'function_declaration', 'variable_declarator', 'method_definition', 'pair', 'assignment', 'call_expression'];
  for (const n of file.tree.rootNode.descendantsOfType(types)) {
    if (!n) continue;
    if (n.type === 'function_definition' || n.type === 'function_declaration' || n.type === 'method_definition') {
      const name = n.childForFieldName('name')?.text;
      if (name) out.push({ name, text: n.text });
    } else if (n.type === 'variable_declarator' || n.type === 'pair' || n.type === 'assignment') {
      const nameNode = n.childForFieldName('name') ?? n.childForFieldName('key') ?? n.childForFieldName('left');
      const value = n.childForFieldName('value') ?? n.childForFieldName('right');
      if (!nameNode || !value) continue;
      const name = stringValue(nameNode) ?? nameNode.text;
      if (!/^[\w$]+$/.test(name)) continue;
      // `CurrentUser = Annotated[User, Depends(resolve_user)]` names a dependency like a function does.
      if (isFunction(value) || AUTH_SCHEME.test(value.text.slice(0, 200)) || /\b(Depends|Security)\(/.test(value.text)) out.push({ name, text: value.text });
    } else if (calleeName(n) === 'decorate') {
      // Fastify: app.decorate('authenticate', async (request, reply) => { await request.jwtVerify() })
      const [nameArg, fn] = callArguments(n);
      const name = stringValue(nameArg);
      if (name && fn && isFunction(fn)) out.push({ name, text: fn.text });
    }
  }
  return out;
}

/**
 * Collect the service's auth names: functions, dependencies and hooks whose body authenticates, plus
 * (to a fixed point) those that depend on or call one (`staff_only` → `Depends(get_current_principal)`).
 *
 * @example
 * authNames(service.files).names.has('get_current_principal'); // true when it raises 401 on a bad bearer token
 */
export function authNames(files: readonly ParsedFile[]): AuthNames {
  const defs = files.filter((f) => f.tree && /authorization|bearer|api[_-]?key|token|jwt|40[13]|HTTPBearer|OAuth2|APIKey|passport|decorate|Depends|Security/i.test(f.text)).flatMap(definitions);
  const usable = defs.filter((d) => !GENERIC.test(d.name));
  const names = new Set(usable.filter((d) => authenticates(d.text)).map((d) => d.name));
  for (let round = 0; round < 6; round++) {
    if (names.size === 0) break;
    const re = new RegExp(`(^|[^\\w$.])(${[...names].map(escape).join('|')})\\b`);
    let grew = false;
    for (const d of usable) {
      if (!names.has(d.name) && re.test(d.text.slice(d.text.indexOf(d.name) + d.name.length))) {
        names.add(d.name);
        grew = true;
      }
    }
    if (!grew) break;
  }
  const list = [...names].map(escape).join('|');
  const mention = names.size ? new RegExp(`(^|[^\\w$])(${list})\\b`) : /$^/;
  const call = names.size ? new RegExp(`(^|[^\\w$])(${list})\\s*\\(`) : /$^/;
  return { names, mentions: (t) => mention.test(t), calls: (t) => call.test(t) };
}

/**
 * Whether a middleware / dependency / hook expression authenticates: an inline function whose body
 * does; otherwise a name that says so or names an auth function of the service.
 *
 * @example
 * isAuthExpression(node, names); // true for `ensureSignedIn`, `app.authenticate`, `Depends(get_current_principal)`
 */
export function isAuthExpression(node: SyntaxNode, names: AuthNames): boolean {
  if (isFunction(node)) return authenticates(node.text) || names.calls(node.text);
  const text = node.text.replace(/(['"`])(?:(?!\1).)*\1/g, '""');
  return AUTH_NAME.test(text) || names.mentions(text);
}

/** Where the routes of a service are protected without saying so at the route. */
export interface Protection {
  isProtected(file: ParsedFile, route: { object: string; call: SyntaxNode; path: string }): boolean;
}

interface Guard {
  readonly file: string;
  readonly object: string;
  readonly from: number;
  readonly prefix?: string;
}

interface Mount {
  readonly file: ParsedFile;
  readonly object: string;
  readonly at: number;
  readonly prefix?: string;
  readonly targets: SyntaxNode[];
}

const HOOKS = /^(onRequest|preHandler|preValidation|preParsing)$/;

function moduleCandidates(fromFile: string, spec: string, python: boolean): string[] {
  const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  if (python) {
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const rest = spec.slice(dots).replace(/\./g, '/');
    return [`${rest}.py`, `${rest}/__init__.py`].map((p) => p.replace(/^\//, ''));
  }
  if (!spec.startsWith('.')) return [];
  const parts = `${dir}/${spec}`.split('/');
  const stack: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') stack.pop();
    else stack.push(p);
  }
  const base = stack.join('/').replace(/\.(m?js|cjs|ts|tsx)$/, '');
  return ['.ts', '.tsx', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'].map((ext) => `${base}${ext}`);
}

function findModule(files: readonly ParsedFile[], candidates: readonly string[], python: boolean): ParsedFile | undefined {
  for (const c of candidates) {
    const hit = files.find((f) => (python ? f.path === c || f.path.endsWith(`/${c}`) : f.path === c));
    if (hit) return hit;
  }
  return undefined;
}

/** Resolve a mounted router expression to the file and object that define its routes. */
function resolveTarget(file: ParsedFile, expr: string, files: readonly ParsedFile[]): { file: ParsedFile; object?: string } | undefined {
  const python = file.language === 'python';
  if (python) {
    const dot = expr.lastIndexOf('.');
    const head = dot > 0 ? expr.slice(0, dot) : expr;
    const attr = dot > 0 ? expr.slice(dot + 1) : undefined;
    for (const line of file.lines) {
      let m = new RegExp(`^\\s*from\\s+([\\w.]+)\\s+import\\s+.*\\b(\\w+)(?:\\s+as\\s+${escape(head)})\\b`).exec(line);
      if (m?.[1] && m[2]) {
        // from pkg.mod import router as orders_router  |  from pkg import mod as alias
        const target = findModule(files, moduleCandidates(file.path, `${m[1]}.${m[2]}`, true), true);
        if (target && attr) return { file: target, object: attr };
        const module = findModule(files, moduleCandidates(file.path, m[1], true), true);
        if (module && !attr) return { file: module, object: m[2] };
        if (target) return { file: target };
      }
      m = new RegExp(`^\\s*from\\s+([\\w.]+)\\s+import\\s+(?:\\(?[\\w\\s,]*\\b)?${escape(head)}\\b`).exec(line);
      if (m?.[1]) {
        const asModule = findModule(files, moduleCandidates(file.path, `${m[1]}.${head}`, true), true);
        if (asModule && attr) return { file: asModule, object: attr };
        const module = findModule(files, moduleCandidates(file.path, m[1], true), true);
        if (module && !attr) return { file: module, object: head };
      }
      m = new RegExp(`^\\s*import\\s+([\\w.]+)\\s+as\\s+${escape(head)}\\b`).exec(line);
      if (m?.[1]) {
        const module = findModule(files, moduleCandidates(file.path, m[1], true), true);
        if (module) return { file: module, ...(attr ? { object: attr } : {}) };
      }
    }
    return { file, object: expr };
  }
  const name = expr.split('.')[0] ?? expr;
  for (const line of file.lines) {
    let m = new RegExp(`import\\s+${escape(name)}\\s*(?:,\\s*\\{[^}]*\\})?\\s+from\\s+['"]([^'"]+)['"]`).exec(line);
    if (m?.[1]) {
      const target = findModule(files, moduleCandidates(file.path, m[1], false), false);
      return target ? { file: target } : undefined;
    }
    m = new RegExp(`import\\s+(?:\\w+\\s*,\\s*)?\\{([^}]*)\\}\\s+from\\s+['"]([^'"]+)['"]`).exec(line);
    if (m?.[1] && m[2]) {
      const binding = m[1].split(',').map((b) => b.trim().split(/\s+as\s+/)).find((parts) => (parts[1] ?? parts[0]) === name);
      if (binding) {
        const target = findModule(files, moduleCandidates(file.path, m[2], false), false);
        if (!target) return undefined;
        const exported = binding[0] as string;
        return exported === 'default' ? { file: target } : { file: target, object: exported };
      }
    }
    m = new RegExp(`\\b${escape(name)}\\s*=\\s*require\\(\\s*['"]([^'"]+)['"]\\s*\\)`).exec(line);
    if (m?.[1]) {
      const target = findModule(files, moduleCandidates(file.path, m[1], false), false);
      return target ? { file: target } : undefined;
    }
  }
  return { file, object: name };
}

function prefixOf(args: readonly SyntaxNode[]): string | undefined {
  const first = stringValue(args[0]);
  if (first?.startsWith('/')) return first;
  for (const a of args) {
    if (a.type !== 'object' && a.type !== 'keyword_argument') continue;
    const pair = a.type === 'keyword_argument' ? { key: a.childForFieldName('name')?.text, value: a.childForFieldName('value') } : undefined;
    if (pair?.key === 'prefix') return stringValue(pair.value);
    const p = keyValuePairs(a).find((kv) => kv.key === 'prefix');
    if (p) return stringValue(p.value);
  }
  return undefined;
}

/**
 * Router-level and app-level protection across a service's files: Express `router.use(auth)`,
 * `app.use('/api', requireAuth, router)`, Fastify `addHook('onRequest', app.authenticate)` and
 * plugins registered after it, FastAPI `APIRouter(dependencies=[Depends(auth)])`,
 * `app.include_router(router, dependencies=[...])`, `FastAPI(dependencies=...)`, auth middleware.
 *
 * @example
 * const protection = serviceProtection(files, authNames(files));
 * protection.isProtected(file, route); // true for productsRouter routes mounted behind ensureSignedIn
 */
export function serviceProtection(files: readonly ParsedFile[], names: AuthNames): Protection {
  const guards: Guard[] = [];
  const guardedObjects = new Set<string>();
  const guardedFiles = new Set<string>();
  const guardedRanges: { file: string; start: number; end: number }[] = [];
  const mounts: Mount[] = [];
  const isAuth = (n: SyntaxNode): boolean => isAuthExpression(n, names);

  const protect = (file: ParsedFile, target: SyntaxNode): void => {
    if (isFunction(target)) {
      guardedRanges.push({ file: file.path, start: target.startIndex, end: target.endIndex });
      return;
    }
    const required = /^require\(\s*['"]([^'"]+)['"]\s*\)$/.exec(target.text)?.[1];
    if (required) {
      const module = findModule(files, moduleCandidates(file.path, required, false), false);
      if (module) guardedFiles.add(module.path);
      return;
    }
    const resolved = resolveTarget(file, target.text, files);
    if (!resolved) return;
    if (resolved.object === undefined) guardedFiles.add(resolved.file.path);
    else {
      guardedObjects.add(`${resolved.file.path}#${resolved.object}`);
      // A plugin function exported by name (Fastify): every route inside it.
      const fn = resolved.file.tree?.rootNode.descendantsOfType(['function_declaration', 'function_definition']).find((f) => f?.childForFieldName('name')?.text === resolved.object);
      if (fn) guardedRanges.push({ file: resolved.file.path, start: fn.startIndex, end: fn.endIndex });
    }
  };

  for (const file of files) {
    if (!file.tree || !/\.(use|addHook|register|include_router|before_request|add_middleware|middleware)\b|APIRouter\(|FastAPI\(|Blueprint\(|dependencies/.test(file.text)) continue;
    const python = file.language === 'python';
    for (const call of nodesOfType(file.tree, ['call_expression', 'call'])) {
      const name = calleeName(call);
      const object = calleeObject(call);
      const args = callArguments(call);
      const at = call.startIndex;
      if (!python && name === 'use' && object) {
        const prefix = prefixOf(args);
        const rest = args.filter((a) => stringValue(a) === undefined);
        const auth = rest.filter(isAuth);
        const targets = rest.filter((a) => !isAuth(a) && (a.type === 'identifier' || a.type === 'member_expression' || a.type === 'call_expression'));
        if (auth.length > 0 && targets.length === 0) guards.push({ file: file.path, object, from: at, ...(prefix ? { prefix } : {}) });
        else if (auth.length > 0) for (const t of targets) protect(file, t);
        else if (targets.length > 0) mounts.push({ file, object, at, ...(prefix ? { prefix } : {}), targets });
      } else if (!python && name === 'addHook' && object && HOOKS.test(stringValue(args[0]) ?? '') && args[1] && isAuth(args[1])) {
        guards.push({ file: file.path, object, from: at });
      } else if (!python && name === 'register' && object && args[0]) {
        const prefix = prefixOf(args.slice(1));
        mounts.push({ file, object, at, ...(prefix ? { prefix } : {}), targets: [args[0]] });
      } else if (python && (name === 'APIRouter' || name === 'FastAPI' || name === 'Blueprint')) {
        const deps = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'dependencies');
        const holder = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left')?.text : undefined;
        if (holder && deps && isAuth(deps)) guards.push({ file: file.path, object: holder, from: 0 });
      } else if (python && name === 'include_router' && object && args[0]) {
        const deps = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'dependencies');
        if (deps && isAuth(deps)) protect(file, args[0]);
        else mounts.push({ file, object, at, targets: [args[0]] });
      } else if (python && (name === 'add_middleware' || name === 'before_request' || name === 'register_blueprint') && object && args[0]) {
        if (name !== 'register_blueprint' && isAuth(args[0])) guards.push({ file: file.path, object, from: 0 });
        else if (name === 'register_blueprint') mounts.push({ file, object, at, targets: [args[0]] });
      }
    }
    if (python) {
      // @app.middleware("http") / @app.before_request on a function that authenticates.
      for (const dec of nodesOfType(file.tree, ['decorator'])) {
        const m = /^@\s*([\w.]+)\.(middleware|before_request)\b/.exec(dec.text);
        const fn = dec.parent?.childForFieldName('definition');
        if (m?.[1] && fn && (authenticates(fn.text) || names.calls(fn.text))) guards.push({ file: file.path, object: m[1], from: 0 });
      }
    }
  }

  const guarded = (file: string, object: string, at: number, path?: string): boolean =>
    guardedFiles.has(file) ||
    guardedObjects.has(`${file}#${object}`) ||
    guards.some((g) => g.file === file && g.object === object && g.from <= at && (!g.prefix || !path || path.startsWith(g.prefix))) ||
    guardedRanges.some((r) => r.file === file && r.start <= at && at < r.end);

  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const m of mounts) {
      if (!guarded(m.file.path, m.object, m.at, m.prefix)) continue;
      for (const t of m.targets) {
        const before = guardedObjects.size + guardedFiles.size + guardedRanges.length;
        protect(m.file, t);
        if (guardedObjects.size + guardedFiles.size + guardedRanges.length > before) grew = true;
      }
    }
    if (!grew) break;
  }
  return { isProtected: (file, route) => guarded(file.path, route.object, route.call.startIndex, route.path) };
}

/**
 * Whether a route protects itself: auth middleware / route options / decorators, an auth dependency
 * (`Depends(get_current_principal)`, `Security(...)`, `dependencies=[...]`), an auth-named parameter,
 * or a handler body that authenticates or calls an auth function.
 *
 * @example
 * routeAuthenticates(route, file, names);
 */
export function routeAuthenticates(route: RouteSite, file: ParsedFile, names: AuthNames): boolean {
  if (route.middleware.some((m) => isAuthExpression(m, names))) return true;
  if (callArguments(route.call).some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'dependencies' && isAuthExpression(a, names))) return true;
  if (!route.handler) return false;
  if (file.language === 'python') {
    const params = route.handler.childForFieldName('parameters')?.text ?? '';
    const deps = [...params.matchAll(/(?:Depends|Security)\(\s*([\w.]+)/g)].map((m) => m[1] ?? '');
    if (deps.some((d) => AUTH_NAME.test(d) || names.names.has(d.split('.').pop() ?? d))) return true;
    if (/\b(current_user|principal|claims|identity)\b\s*:/.test(params) && /Depends|Security/.test(params)) return true;
    // A parameter annotated with an auth dependency alias (`user: CurrentUser`).
    if (names.mentions(params)) return true;
  }
  const body = route.handler.childForFieldName('body')?.text ?? '';
  return authenticates(body) || names.calls(body) || /\b(authenticate|authorize|requireAuth)\w*\(/.test(body);
}

/** Routes of a file (re-exported for the rules that need both). */
export { findRoutes };
