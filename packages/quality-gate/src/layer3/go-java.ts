import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callArguments, calleeName, calleeObject, memo, nodesOfType, stringValue } from './ast.js';
import type { ParsedFile } from './rule.js';

/** A route registration in Go or Java code. */
export interface GoJavaRoute {
  /** The registering call (Go) or mapping annotation (Java). */
  readonly node: SyntaxNode;
  readonly method: string;
  readonly path: string;
}

/** Go: net/http `HandleFunc`/`Handle`, gin/echo/fiber `GET`…, chi `Get`…, gorilla `HandleFunc(...).Methods`. */
const GO_ROUTE_CALLS = /^(HandleFunc|Handle|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options|Method)$/;
/** Java: Spring `@GetMapping`…/`@RequestMapping`, JAX-RS `@Path`. */
const JAVA_MAPPING = /^(Get|Post|Put|Patch|Delete|Request)Mapping$/;
const JAVA_HTTP_VERB = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
/** Javalin / Spark / Vert.x style `app.get("/x", ctx -> ...)`. */
const JAVA_ROUTE_METHODS = /^(get|post|put|patch|delete|head|options)$/;

function annotationName(a: SyntaxNode): string {
  return a.childForFieldName('name')?.text ?? '';
}

/** The string values an annotation gives its path: `@GetMapping("/x")`, `(value = "/x")`, `(path = {"/a", "/b"})`. */
function annotationPaths(a: SyntaxNode): string[] {
  const args = a.childForFieldName('arguments');
  if (!args) return a.type === 'marker_annotation' ? [''] : [];
  const out: string[] = [];
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'element_value_pair') {
      const key = arg.childForFieldName('key')?.text ?? '';
      const value = arg.childForFieldName('value');
      if (!/^(value|path)$/.test(key) || !value) continue;
      out.push(...stringsOf(value));
    } else out.push(...stringsOf(arg));
  }
  return out.length > 0 ? out : [''];
}

function stringsOf(node: SyntaxNode): string[] {
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (node.type === 'element_value_array_initializer') return node.namedChildren.map((c) => stringValue(c)).filter((v): v is string => v !== undefined);
  return [];
}

function join(prefix: string, path: string): string {
  const joined = `/${[prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return joined;
}

function javaRoutes(file: ParsedFile): GoJavaRoute[] {
  const tree = file.tree;
  if (!tree) return [];
  const out: GoJavaRoute[] = [];
  for (const a of nodesOfType(tree, ['annotation', 'marker_annotation'])) {
    const name = annotationName(a);
    const owner = a.parent?.parent;
    if (owner?.type !== 'method_declaration') continue;
    const cls = owner.parent?.parent;
    const classAnnotations = cls?.type === 'class_declaration' ? nodesOfType(cls.namedChildren.find((c) => c?.type === 'modifiers') ?? cls, ['annotation', 'marker_annotation']).filter((x) => x.parent?.parent?.id === cls.id) : [];
    const prefixes = classAnnotations.filter((x) => /^(RequestMapping|Path)$/.test(annotationName(x))).flatMap(annotationPaths);
    const methodAnnotations = (owner.namedChildren.find((c) => c?.type === 'modifiers')?.namedChildren ?? []).filter((x): x is SyntaxNode => x !== null);
    let method: string | undefined;
    let paths: string[] = [];
    if (JAVA_MAPPING.test(name)) {
      method = name === 'RequestMapping' ? (/RequestMethod\.(\w+)/.exec(a.text)?.[1]?.toLowerCase() ?? 'all') : name.replace(/Mapping$/, '').toLowerCase();
      paths = annotationPaths(a);
    } else if (JAVA_HTTP_VERB.test(name)) {
      // JAX-RS: @GET with a @Path on the method (or only on the class).
      method = name.toLowerCase();
      const own = methodAnnotations.find((x) => annotationName(x) === 'Path');
      paths = own ? annotationPaths(own) : [''];
    }
    if (!method) continue;
    for (const prefix of prefixes.length > 0 ? prefixes : ['']) for (const p of paths) out.push({ node: a, method, path: join(prefix, p) });
  }
  for (const call of nodesOfType(tree, ['method_invocation'])) {
    const name = call.childForFieldName('name')?.text ?? '';
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    const path = stringValue(first);
    if (!call.childForFieldName('object') || !path?.startsWith('/')) continue;
    if (JAVA_ROUTE_METHODS.test(name)) out.push({ node: call, method: name, path });
    // JDK com.sun.net.httpserver: `server.createContext("/x", handler)` serves every method under /x.
    else if (name === 'createContext') out.push({ node: call, method: 'all', path });
  }
  return out;
}

function goRoutes(file: ParsedFile): GoJavaRoute[] {
  const tree = file.tree;
  if (!tree) return [];
  const out: GoJavaRoute[] = [];
  for (const call of nodesOfType(tree, ['call_expression'])) {
    const name = calleeName(call);
    if (!GO_ROUTE_CALLS.test(name) || !calleeObject(call)) continue;
    const args = callArguments(call);
    const pathArg = name === 'Method' ? args[1] : args[0];
    const raw = stringValue(pathArg);
    if (raw === undefined) continue;
    // Go 1.22 patterns: "GET /health", "/items/{id}".
    const m = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(raw);
    if (!m?.[2]) continue;
    const method = m[1]?.toLowerCase() ?? (/^(HandleFunc|Handle|Any)$/.test(name) ? 'all' : name === 'Method' ? (stringValue(args[0]) ?? 'all').toLowerCase() : name.toLowerCase());
    out.push({ node: call, method, path: m[2] });
  }
  return out;
}

/**
 * Route registrations in a Go or Java file: Go net/http, gorilla/mux, chi, gin, echo and fiber; Java
 * Spring `@GetMapping`/`@RequestMapping` (class prefixes joined), JAX-RS `@GET` + `@Path`, Javalin/Spark.
 *
 * @example
 * goJavaRoutes(file).map((r) => `${r.method} ${r.path}`); // ['get /health', 'post /orders']
 */
export function goJavaRoutes(file: ParsedFile): GoJavaRoute[] {
  const tree = file.tree;
  if (!tree || (file.language !== 'go' && file.language !== 'java')) return [];
  return memo(tree, 'go-java-routes', () => (file.language === 'go' ? goRoutes(file) : javaRoutes(file)));
}

const GO_SERVER = /\bhttp\.ListenAndServe(TLS)?\(|\bhttp\.Server\{|\bgin\.(Default|New)\(|\becho\.New\(|\bfiber\.New\(|\bchi\.NewRouter\(|\bmux\.NewRouter\(|\bhttp\.NewServeMux\(/;
const JAVA_SERVER = /@(SpringBootApplication|RestController|Controller)\b|\bHttpServer\.create\(|\bJavalin\.create\(|@Path\(|\bVertx\.vertx\(/;

/**
 * Whether a Go or Java file starts an HTTP server or defines routes.
 *
 * @example
 * servesGoJavaHttp(file); // true for a file calling http.ListenAndServe or holding a @RestController
 */
export function servesGoJavaHttp(file: ParsedFile): boolean {
  if (file.language === 'go') return GO_SERVER.test(file.text) || goJavaRoutes(file).length > 0;
  if (file.language === 'java') return JAVA_SERVER.test(file.text) || goJavaRoutes(file).length > 0;
  return false;
}

/** The enclosing Go function/method or Java method declaration. */
function enclosingDeclaration(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (['function_declaration', 'method_declaration'].includes(p.type)) return p;
  return null;
}

/** Whether the node sits in Go's `func main()`/`func init()` or Java's `static void main(String[] args)`: start-up, not service code. */
function inEntryPoint(node: SyntaxNode): boolean {
  const decl = enclosingDeclaration(node);
  const name = decl?.childForFieldName('name')?.text;
  return decl !== null && (name === 'main' || (name === 'init' && decl.type === 'function_declaration'));
}

/**
 * Calls that print to stdout/stderr instead of logging: Go `fmt.Print*`/`println`/`print`, Java
 * `System.out.print*`/`System.err.print*` and `e.printStackTrace()`. Calls in `main` (start-up banners)
 * and Go test files are left out.
 *
 * @example
 * goJavaStdoutCalls(file).map((n) => n.startPosition.row + 1); // lines of fmt.Println(...)
 */
export function goJavaStdoutCalls(file: ParsedFile): SyntaxNode[] {
  const tree = file.tree;
  if (!tree) return [];
  if (file.language === 'go') {
    if (/_test\.go$/.test(file.path)) return [];
    return nodesOfType(tree, ['call_expression']).filter((call) => {
      const fn = call.childForFieldName('function');
      const printed = fn?.type === 'identifier' ? /^(print|println)$/.test(fn.text) : calleeObject(call) === 'fmt' && /^Print(f|ln)?$/.test(calleeName(call));
      return printed && !inEntryPoint(call);
    });
  }
  if (file.language === 'java') {
    return nodesOfType(tree, ['method_invocation']).filter((call) => {
      const name = call.childForFieldName('name')?.text ?? '';
      const object = call.childForFieldName('object')?.text ?? '';
      const args = call.childForFieldName('arguments')?.namedChildCount ?? 0;
      const printed = (/^System\.(out|err)$/.test(object) && /^print(ln|f)?$/.test(name)) || (name === 'printStackTrace' && args === 0);
      return printed && !inEntryPoint(call);
    });
  }
  return [];
}

const AUTH = /auth|jwt|token|verify|protect|guard|session|bearer|api_?key|security|acl|rbac|permission|principal|credential/i;
const PUBLIC_PATH = /^\/(?:api\/)?(?:v\d+\/)?(health|healthz|ready|readyz|livez|live|metrics|status|ping|version|docs|openapi(\.json|\.yaml)?|swagger.*|login|logout|register|signup|sign-up|token|auth(\/.*)?|\.well-known\/.*|favicon\.ico)?\/?$/i;
/** Service-wide protection: Spring Security configuration, a servlet filter that authenticates, Go router middleware. */
const JAVA_GLOBAL_AUTH = /SecurityFilterChain|@EnableWebSecurity|WebSecurityConfigurerAdapter|authorizeHttpRequests|authorizeRequests\(|ContainerRequestFilter[\s\S]*(auth|token)/i;
const JAVA_ROUTE_AUTH = /^(PreAuthorize|PostAuthorize|Secured|RolesAllowed|Authenticated)$/;

/** A Go handler referenced by name (`listOrders`), found among the service's functions. */
function goFunctionBodies(files: readonly ParsedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    if (f.language !== 'go' || !f.tree || !/func\s/.test(f.text)) continue;
    for (const fn of nodesOfType(f.tree, ['function_declaration', 'method_declaration'])) {
      const name = fn.childForFieldName('name')?.text;
      if (name) out.set(name, fn.childForFieldName('body')?.text ?? '');
    }
  }
  return out;
}

/**
 * Code that reads a credential-like request header (Go or Java): `r.Header.Get("X-Device-Key")`,
 * `request.getHeader(TOKEN_HEADER)`, `@RequestHeader("X-Api-Key")`, `getFirst("X-Ledger-Key")`, `r.BasicAuth()` …
 */
const READS_HEADER =
  /(?:\.Header\.(?:Get|Values)|\.Header\[|getHeader|getFirst|@RequestHeader)\s*\(?\s*(?:(?:name|value)\s*=\s*)?["']?[\w.-]*(?:key|token|auth|secret|sig|cookie|session|pass|credential)|\.BasicAuth\(/i;
/** … and turns the request away with 401/403. */
const REJECTS = /\b40[13]\b|Status(Unauthorized|Forbidden)|SC_(UNAUTHORIZED|FORBIDDEN)|HttpStatus\.(UNAUTHORIZED|FORBIDDEN)/;

/** A call that verifies credentials: `verifyHS256(…)`, `auth.Verify(…)`, `authenticate(…)`, `jwt.ParseWithClaims(…)`. */
const AUTH_CALL = /\b\w*(verify|authenticat|authoriz|requireauth|checkauth|validatetoken|parsebearer|parsetoken|parsewithclaims)\w*\s*\(/i;

/**
 * Whether a handler or middleware body checks credentials: it calls a verifier, or it turns requests away
 * with 401/403 after reading a credential-like header or looking at something auth-named (a session, a
 * token). Merely mentioning auth (logging the `Authorization` header) is not a check.
 */
function checksCredentials(code: string): boolean {
  return AUTH_CALL.test(code) || (REJECTS.test(code) && (READS_HEADER.test(code) || AUTH.test(code)));
}

/**
 * Whether a Go handler expression authenticates: a func literal whose body does, a named handler whose
 * body does, or a wrapper call (`withDispatcher(key, h)`, `http.HandlerFunc(h)`) whose function body or
 * wrapped handler does.
 */
function goHandlerAuthenticates(node: SyntaxNode | undefined, bodies: ReadonlyMap<string, string>, depth = 0): boolean {
  if (!node || depth > 4) return false;
  if (node.type === 'func_literal') return checksCredentials(node.childForFieldName('body')?.text ?? '');
  if (node.type === 'call_expression') {
    // The called name, not the whole text: `cors.Handler(cors.Options{AllowedHeaders: ["Authorization"]})` is no auth.
    if (AUTH.test(node.childForFieldName('function')?.text ?? '') || checksCredentials(bodies.get(calleeName(node)) ?? '')) return true;
    return callArguments(node).some((arg) => goHandlerAuthenticates(arg, bodies, depth + 1));
  }
  if (node.type !== 'identifier' && node.type !== 'selector_expression') return false;
  if (AUTH.test(node.text)) return true;
  const name = /(\w+)\s*$/.exec(node.text)?.[1];
  return name !== undefined && checksCredentials(bodies.get(name) ?? '');
}

/** Names bound to a route group: `admin := r.Group("/admin", mw)`, `api := r.Route(...)`, `v1 := r.With(mw)`. */
function goGroupVariables(file: ParsedFile): Map<string, SyntaxNode> {
  return memo(file.tree as object, 'go-group-vars', () => {
    const out = new Map<string, SyntaxNode>();
    for (const decl of nodesOfType(file.tree as NonNullable<ParsedFile['tree']>, ['short_var_declaration', 'assignment_statement'])) {
      const left = decl.childForFieldName('left')?.namedChildren[0];
      const right = decl.childForFieldName('right')?.namedChildren[0];
      if (left?.type === 'identifier' && right?.type === 'call_expression' && /^(Group|Route|With)$/.test(calleeName(right))) out.set(left.text, right);
    }
    return out;
  });
}

/** Router-wide `X.Use(mw)` calls: not inside a route group's func literal, not on a group variable. */
function goRouterMiddleware(file: ParsedFile): SyntaxNode[] {
  const groups = goGroupVariables(file);
  return nodesOfType(file.tree as NonNullable<ParsedFile['tree']>, ['call_expression']).filter((c) => {
    if (calleeName(c) !== 'Use' || groups.has(calleeObject(c))) return false;
    for (let p = c.parent; p; p = p.parent) {
      if (p.type === 'func_literal') return false;
      if (p.type === 'function_declaration' || p.type === 'method_declaration') break;
    }
    return true;
  });
}

/**
 * Whether a Go route sits in an authenticated group: chi `r.Route("/admin", func(r) { r.Use(staffOnly); … })`
 * or `r.Group(func(r) { r.Use(auth); … })`, `r.With(staffOnly).Post(…)`, or a gin/echo group variable
 * (`admin := r.Group("/admin", auth)`, `admin.Use(auth)`) whose middleware authenticates.
 */
function goGroupAuthenticates(route: SyntaxNode, file: ParsedFile, bodies: ReadonlyMap<string, string>): boolean {
  const authenticating = (args: readonly SyntaxNode[]): boolean => args.some((a) => goHandlerAuthenticates(a, bodies));
  // r.With(mw).Post(...): the receiver of the route call is itself a middleware call.
  for (let recv = route.childForFieldName('function')?.childForFieldName('operand'); recv?.type === 'call_expression'; recv = recv.childForFieldName('function')?.childForFieldName('operand')) {
    if (/^(With|Use|Group)$/.test(calleeName(recv)) && authenticating(callArguments(recv).filter((a) => stringValue(a) === undefined))) return true;
  }
  // Route groups as func literals: a Use inside the literal covers the routes registered in it.
  for (let p = route.parent; p; p = p.parent) {
    if (p.type === 'function_declaration' || p.type === 'method_declaration') break;
    if (p.type !== 'func_literal') continue;
    const literal = p;
    const uses = nodesOfType(literal, ['call_expression']).filter((c) => calleeName(c) === 'Use' && enclosingLiteral(c)?.id === literal.id);
    if (uses.some((u) => authenticating(callArguments(u)))) return true;
  }
  // Group variables: admin := r.Group("/admin", mw); admin.Use(mw); admin.POST(...)
  const receiver = calleeObject(route);
  const group = goGroupVariables(file).get(receiver);
  if (group) {
    if (authenticating(callArguments(group).filter((a) => stringValue(a) === undefined && a.type !== 'func_literal'))) return true;
    const uses = nodesOfType(file.tree as NonNullable<ParsedFile['tree']>, ['call_expression']).filter((c) => calleeName(c) === 'Use' && calleeObject(c) === receiver);
    if (uses.some((u) => authenticating(callArguments(u)))) return true;
  }
  return false;
}

function enclosingLiteral(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'func_literal') return p;
  return null;
}

/** The handler a Go file serves: `http.Server{Handler: h}`, `http.ListenAndServe(addr, h)`, `http.Serve(l, h)`. */
function goServedHandlers(file: ParsedFile): SyntaxNode[] {
  const tree = file.tree;
  if (!tree) return [];
  const out: SyntaxNode[] = [];
  for (const el of nodesOfType(tree, ['keyed_element'])) {
    const key = el.childForFieldName('key') ?? el.namedChildren[0];
    let value = el.childForFieldName('value') ?? el.namedChildren[1];
    if (value?.type === 'literal_element' && value.namedChildren[0]) value = value.namedChildren[0];
    if (key?.text === 'Handler' && value) out.push(value);
  }
  for (const call of nodesOfType(tree, ['call_expression'])) {
    if (calleeObject(call) !== 'http' || !/^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$/.test(calleeName(call))) continue;
    const last = callArguments(call).at(-1);
    if (last) out.push(last);
  }
  return out;
}

/** Java code that checks credentials: the Authorization header, a verify/authenticate call, or a header checked with a 401/403 answer. */
function javaChecksCredentials(code: string): boolean {
  return /getHeader\(\s*"Authorization"|@RequestHeader\([^)]*Authorization|verify|authenticate|isAuthenticated/i.test(code) || (READS_HEADER.test(code) && REJECTS.test(code));
}

/** Java classes of the service by simple name: their body text. */
function javaClassBodies(files: readonly ParsedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    if (f.language !== 'java' || !f.tree) continue;
    for (const cls of f.tree.rootNode.descendantsOfType(['class_declaration'])) {
      const name = cls?.childForFieldName('name')?.text;
      if (cls && name) out.set(name, cls.childForFieldName('body')?.text ?? '');
    }
  }
  return out;
}

/** The class a Java expression names or instantiates: `new KeyInterceptor()`, or a field/parameter `keys` declared `KeyInterceptor keys`. */
function javaTypeOf(expr: SyntaxNode, fileText: string): string | undefined {
  if (expr.type === 'object_creation_expression') return expr.childForFieldName('type')?.text.replace(/<.*$/, '');
  const name = /(\w+)$/.exec(expr.text)?.[1];
  if (!name) return undefined;
  return new RegExp(`\\b([A-Z]\\w*)(?:<[^>]*>)?\\s+${name}\\s*[;,)=]`).exec(fileText)?.[1];
}

/** An Ant-style Spring path pattern (`/drivers/**`, `/api/*\/orders`) as a regular expression over route paths. */
function antPattern(pattern: string): RegExp {
  const body = pattern
    .replace(/\/+$/, '')
    .split(/(\/\*\*|\*|\{[^}]+\})/)
    .map((part) => (part === '/**' ? '(?:/.*)?' : part === '*' ? '[^/]*' : part.startsWith('{') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`);
}

/**
 * Paths covered by a Spring MVC `HandlerInterceptor` that checks credentials:
 * `registry.addInterceptor(keys).addPathPatterns("/drivers/**").excludePathPatterns("/drivers/public")`
 * (no `addPathPatterns`: every path). Returned as one matcher per registration, exclusions applied.
 */
function javaInterceptedPaths(files: readonly ParsedFile[], classes: ReadonlyMap<string, string>): Array<{ test(path: string): boolean }> {
  const out: Array<{ test(path: string): boolean }> = [];
  for (const f of files) {
    if (f.language !== 'java' || !f.tree || !/addInterceptor\s*\(/.test(f.text)) continue;
    for (const call of nodesOfType(f.tree, ['method_invocation'])) {
      if (call.childForFieldName('name')?.text !== 'addInterceptor') continue;
      const target = call.childForFieldName('arguments')?.namedChildren[0];
      if (!target) continue;
      const type = javaTypeOf(target, f.text);
      if (!(type && (javaChecksCredentials(classes.get(type) ?? '') || AUTH.test(type)))) continue;
      const include: RegExp[] = [];
      const exclude: RegExp[] = [];
      for (let link: SyntaxNode | null = call.parent; link?.type === 'method_invocation'; link = link.parent) {
        const name = link.childForFieldName('name')?.text;
        const patterns = (link.childForFieldName('arguments')?.namedChildren ?? []).map((a) => stringValue(a)).filter((v): v is string => v !== undefined).map(antPattern);
        if (name === 'addPathPatterns') include.push(...patterns);
        else if (name === 'excludePathPatterns') exclude.push(...patterns);
      }
      out.push({ test: (path) => (include.length === 0 || include.some((re) => re.test(path))) && !exclude.some((re) => re.test(path)) });
    }
  }
  return out;
}

/**
 * Whether a JDK `createContext` (or Javalin-style) registration is protected: an `Authenticator` set on the
 * context (chained, or on the variable holding it), or a handler class whose code checks credentials.
 */
function javaContextProtected(call: SyntaxNode, classes: ReadonlyMap<string, string>): boolean {
  const parent = call.parent;
  if (parent?.type === 'method_invocation' && parent.childForFieldName('name')?.text === 'setAuthenticator') return true;
  const holder = parent?.type === 'variable_declarator' ? parent.childForFieldName('name')?.text : parent?.type === 'assignment_expression' ? parent.childForFieldName('left')?.text : undefined;
  if (holder) {
    let block: SyntaxNode | null = parent;
    while (block && block.type !== 'block' && block.type !== 'constructor_body') block = block.parent;
    if (block && new RegExp(`\\b${holder}\\s*\\.\\s*setAuthenticator\\s*\\(`).test(block.text)) return true;
  }
  const handlers = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => a?.type === 'object_creation_expression');
  return handlers.some((h) => javaChecksCredentials(classes.get(h.childForFieldName('type')?.text.replace(/<.*$/, '') ?? '') ?? ''));
}

/**
 * SEC-001 for Go and Java services: routes with no authentication. A route is protected by router
 * middleware that authenticates (`r.Use(authMiddleware)`, a mux served through an authenticating wrapper
 * `http.Server{Handler: onlyDevices(keys, mux)}`), a wrapped handler whose wrapper checks credentials under
 * any name (`withDispatcher(key, h)`), a handler that checks credentials itself (a bearer, or a header
 * answered with 401/403), `@PreAuthorize`/`@Secured`/`@RolesAllowed` on the method or class, a Spring MVC
 * `HandlerInterceptor` that checks credentials on the route's path patterns, a JDK `HttpServer` context
 * with an `Authenticator` or a handler class that checks credentials, or a Spring Security / filter
 * configuration anywhere in the service. Public paths (health, login, docs…) are never reported.
 *
 * @example
 * goJavaUnauthenticatedRoutes(service.files); // [{ file: 'svc/main.go', line: 12, message: 'DELETE /orders/{id} has no …' }]
 */
export function goJavaUnauthenticatedRoutes(files: readonly ParsedFile[]): Array<{ file: string; line: number; message: string }> {
  const code = files.filter((f) => (f.language === 'go' || f.language === 'java') && f.tree && !/(^|\/)(tests?|__tests__)\/|_test\.go$/.test(f.path));
  if (code.length === 0) return [];
  const bodies = goFunctionBodies(code);
  const goGlobal = code.some(
    (f) =>
      f.language === 'go' &&
      (goRouterMiddleware(f).some((c) => callArguments(c).some((a) => goHandlerAuthenticates(a, bodies))) ||
        goServedHandlers(f).some((h) => h.type === 'call_expression' && goHandlerAuthenticates(h, bodies))),
  );
  const javaGlobal = code.some((f) => f.language === 'java' && JAVA_GLOBAL_AUTH.test(f.text));
  const classes = javaClassBodies(code);
  const intercepted = javaInterceptedPaths(code, classes);
  const out: Array<{ file: string; line: number; message: string }> = [];
  for (const file of code) {
    if ((file.language === 'go' && goGlobal) || (file.language === 'java' && javaGlobal)) continue;
    for (const route of goJavaRoutes(file)) {
      if (PUBLIC_PATH.test(route.path) || route.method === 'options' || route.method === 'head') continue;
      if (file.language === 'go') {
        const args = callArguments(route.node);
        const rest = args.slice(calleeName(route.node) === 'Method' ? 2 : 1);
        if (rest.slice(0, -1).some((a) => AUTH.test(a.text)) || goHandlerAuthenticates(rest.at(-1), bodies) || goGroupAuthenticates(route.node, file, bodies)) continue;
      } else {
        const method = route.node.type === 'method_invocation' ? null : route.node.parent?.parent;
        const cls = method?.parent?.parent;
        const annotations = [method, cls].flatMap((d) => (d?.namedChildren.find((c) => c?.type === 'modifiers')?.namedChildren ?? []).filter((x): x is SyntaxNode => x !== null));
        if (annotations.some((a) => JAVA_ROUTE_AUTH.test(annotationName(a)))) continue;
        if (intercepted.some((re) => re.test(route.path))) continue;
        if (!method && javaContextProtected(route.node, classes)) continue;
        const body = method ? (method.childForFieldName('body')?.text ?? '') : route.node.text;
        if (javaChecksCredentials(body + (method?.childForFieldName('parameters')?.text ?? ''))) continue;
      }
      out.push({ file: file.path, line: route.node.startPosition.row + 1, message: `${route.method.toUpperCase()} ${route.path} has no authentication middleware, annotation or check.` });
    }
  }
  return out;
}
