import { describe, expect, it } from 'vitest';
import { scanSources } from '../../src/layer3/scan-layer3.js';

const j = (...parts: string[]): string => parts.join('');
const at = (vs: Array<{ code: string; file_path: string; line: number }>) => vs.map((v) => `${v.code}:${v.file_path}:${v.line}`).sort();

const GO_SERVER = `package main

import (
\t"fmt"
\t"net/http"
)

func listOrders(w http.ResponseWriter, r *http.Request) {
\tfmt.Println("listing orders", r.URL.Path)
\tw.Write([]byte("[]"))
}

func main() {
\tfmt.Println("starting")
\thttp.HandleFunc("/orders", listOrders)
\thttp.ListenAndServe(":8080", nil)
}
`;

const JAVA_CONTROLLER = `package com.acme.orders;

@RestController
@RequestMapping("/api")
public class OrderController {
  @GetMapping("/orders")
  public List<Order> list() {
    System.out.println("listing orders");
    return repo.findAll();
  }

  public static void main(String[] args) {
    System.out.println("usage: orders");
  }
}
`;

describe('Go and Java services (tree-sitter grammars)', () => {
  it('finds HEALTH-001, LOG-001 and SEC-001 in a Go net/http service, not the start-up banner in main()', async () => {
    const { violations } = await scanSources([
      { path: 'orders/go.mod', content: 'module example.com/orders\n' },
      { path: 'orders/main.go', content: GO_SERVER },
    ]);
    expect(at(violations)).toEqual(['HEALTH-001:orders/main.go:16', 'LOG-001:orders/main.go:9', 'SEC-001:orders/main.go:15']);
    expect(violations.find((v) => v.code === 'HEALTH-001')?.service).toBe('orders');
  });

  it('stays silent on a Go gin service with /healthz, auth middleware and log/slog', async () => {
    const { violations } = await scanSources([
      { path: 'orders/go.mod', content: 'module example.com/orders\n' },
      {
        path: 'orders/main.go',
        content: 'package main\n\nfunc main() {\n\tr := gin.Default()\n\tr.Use(AuthMiddleware())\n\tr.GET("/healthz", func(c *gin.Context) { c.JSON(200, gin.H{"status": "ok"}) })\n\tr.GET("/orders", func(c *gin.Context) { slog.Info("listing orders") })\n\tr.Run(":8080")\n}\n',
      },
      { path: 'orders/main_test.go', content: 'package main\n\nfunc TestX(t *testing.T) { fmt.Println("debug") }\n' },
    ]);
    expect(at(violations)).toEqual([]);
  });

  it('accepts a Go 1.22 "GET /health" pattern and an echo route as health endpoints', async () => {
    for (const route of ['mux.HandleFunc("GET /health", health)', 'e.GET("/ready", ready)']) {
      const { violations } = await scanSources([
        { path: 'svc/go.mod', content: 'module x\n' },
        { path: 'svc/server.go', content: `package main\n\nfunc main() {\n\tmux := http.NewServeMux()\n\t${route}\n\thttp.ListenAndServe(":8080", mux)\n}\n` },
      ]);
      expect(at(violations)).toEqual([]);
    }
  });

  it('finds HEALTH-001, LOG-001 and SEC-001 in a Spring controller, and not once it has a /health mapping, a logger and @PreAuthorize', async () => {
    const bad = await scanSources([
      { path: 'orders/pom.xml', content: '<project><artifactId>orders</artifactId></project>\n' },
      { path: 'orders/src/main/java/com/acme/orders/OrderController.java', content: JAVA_CONTROLLER },
    ]);
    expect(at(bad.violations)).toEqual([
      'HEALTH-001:orders/src/main/java/com/acme/orders/OrderController.java:1',
      'LOG-001:orders/src/main/java/com/acme/orders/OrderController.java:8',
      'SEC-001:orders/src/main/java/com/acme/orders/OrderController.java:6',
    ]);
    const good = await scanSources([
      { path: 'orders/pom.xml', content: '<project><artifactId>orders</artifactId></project>\n' },
      {
        path: 'orders/src/main/java/com/acme/orders/OrderController.java',
        content: JAVA_CONTROLLER.replace('System.out.println("listing orders");', 'log.info("listing orders");').replace('@GetMapping("/orders")', '@GetMapping("/health")\n  public String health() { return "ok"; }\n\n  @GetMapping("/orders")\n  @PreAuthorize("hasRole(\'USER\')")'),
      },
      { path: 'orders/src/test/java/com/acme/orders/OrderTest.java', content: 'class OrderTest { void t() { System.out.println("debug"); } }\n' },
    ]);
    expect(at(good.violations)).toEqual([]);
  });

  it('leaves routes alone when authentication is configured for the whole service', async () => {
    const go = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/main.go', content: 'package main\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Get("/health", health)\n\tr.Delete("/orders/{id}", requireAuth(deleteOrder))\n\thttp.ListenAndServe(":8080", r)\n}\n' },
    ]);
    expect(at(go.violations)).toEqual([]);
    const unguarded = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/main.go', content: 'package main\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Get("/health", health)\n\tr.Delete("/orders/{id}", deleteOrder)\n\thttp.ListenAndServe(":8080", r)\n}\n' },
    ]);
    expect(at(unguarded.violations)).toEqual(['SEC-001:svc/main.go:6']);
    const spring = await scanSources([
      { path: 'svc/pom.xml', content: '<project/>\n' },
      { path: 'svc/src/main/java/Api.java', content: '@RestController\npublic class Api {\n  @GetMapping("/health") public String h() { return "ok"; }\n  @DeleteMapping("/orders/{id}") public void d() {}\n}\n' },
      { path: 'svc/src/main/java/Security.java', content: '@EnableWebSecurity\nclass Security {\n  @Bean SecurityFilterChain chain(HttpSecurity http) { return http.build(); }\n}\n' },
    ]);
    expect(at(spring.violations)).toEqual([]);
  });

  it('joins a class-level @RequestMapping prefix and reads JAX-RS @GET @Path', async () => {
    const { violations } = await scanSources([
      { path: 'svc/pom.xml', content: '<project/>\n' },
      { path: 'svc/src/main/java/Health.java', content: '@Path("/api")\npublic class Health {\n  @GET\n  @Path("/health")\n  public String get() { return "ok"; }\n}\n' },
    ]);
    expect(at(violations)).toEqual([]);
  });

  it('finds hard-coded passwords and API keys in Go and Java, not environment reads', async () => {
    const { violations } = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/db.go', content: j('package db\n\nconst dbPassword = "', 'Tr0ub4dor&3"\n\nfunc cfg() Config {\n\treturn Config{APIKey: "', 'a8f5f167f44f4964e6c998dee827110c"}\n}\n') },
      { path: 'svc/env.go', content: 'package db\n\nvar dbPassword = os.Getenv("DB_PASSWORD")\n' },
      { path: 'svc/src/main/java/Db.java', content: j('class Db {\n  private static final String DB_PASSWORD = "', 'hunter22-Prod";\n  private final String password = System.getenv("DB_PASSWORD");\n}\n') },
    ]);
    expect(at(violations)).toEqual(['SEC-SECRET-004:svc/db.go:6', 'SEC-SECRET-007:svc/db.go:3', 'SEC-SECRET-007:svc/src/main/java/Db.java:2']);
    const json = JSON.stringify(violations);
    for (const s of ['Tr0ub4dor', 'a8f5f167f44f', 'hunter22-Prod']) expect(json).not.toContain(s);
  });

  it('secret-scans Kotlin, C# and Rust files and lists them as not analysed by the code rules', async () => {
    const token = j('ghp', '_R8kz2Lq9Xv4Tn7Wm1Pb6Hc3Js5Fd0Ya8Ue2Q');
    const r = await scanSources([
      { path: 'k/src/Main.kt', content: `val token = "${token}"\n` },
      { path: 'c/Program.cs', content: `var token = "${token}";\n` },
      { path: 'r/src/main.rs', content: `let token = "${token}";\n` },
      { path: 'k/build.gradle.kts', content: 'plugins { kotlin("jvm") version "2.0.0" }\n' },
    ]);
    expect(at(r.violations)).toEqual(['SEC-SECRET-008:c/Program.cs:1', 'SEC-SECRET-008:k/src/Main.kt:1', 'SEC-SECRET-008:r/src/main.rs:1']);
    expect(r.notAnalysed.map((n) => `${n.file_path}:${n.coverage}`)).toEqual(['c/Program.cs:text_only', 'k/src/Main.kt:text_only', 'r/src/main.rs:text_only']);
    expect(r.notAnalysed[1]?.reason).toMatch(/no Kotlin grammar: secrets and text rules ran, code rules/);
  });

  it('counts a Go handler wrapped in an auth middleware of any name (its body checks the bearer), not a plain wrapper', async () => {
    const wrapper = 'package main\n\nfunc withDispatcher(key []byte, next http.HandlerFunc) http.HandlerFunc {\n\treturn func(w http.ResponseWriter, r *http.Request) {\n\t\tif _, err := parseBearer(r.Header.Get("Authorization"), key); err != nil {\n\t\t\thttp.Error(w, "forbidden", http.StatusForbidden)\n\t\t\treturn\n\t\t}\n\t\tnext(w, r)\n\t}\n}\n\nfunc timed(next http.HandlerFunc) http.HandlerFunc { return next }\n';
    const { violations } = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/mw.go', content: wrapper },
      {
        path: 'svc/main.go',
        content: 'package main\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /healthz", health)\n\tmux.HandleFunc("POST /jobs", withDispatcher(key, store.createJob))\n\tmux.HandleFunc("DELETE /jobs/{id}", timed(store.cancelJob))\n\thttp.ListenAndServe(":8080", mux)\n}\n',
      },
    ]);
    expect(at(violations)).toEqual(['SEC-001:svc/main.go:7']);
  });

  it('treats a Go mux served through an authenticating wrapper (http.Server{Handler: …}, ListenAndServe) as protected', async () => {
    const guard = 'package main\n\nfunc onlyDevices(keys map[string]string, next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tif keys[r.Header.Get("X-Device-Id")] != r.Header.Get("X-Device-Key") {\n\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\nfunc logged(next http.Handler) http.Handler { return next }\n';
    const routes = '\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /health", health)\n\tmux.HandleFunc("POST /positions", h.record)\n';
    for (const serve of ['srv := &http.Server{Addr: ":8090", Handler: onlyDevices(keys, mux)}\n\tsrv.ListenAndServe()', 'http.ListenAndServe(":8090", onlyDevices(keys, mux))']) {
      const { violations } = await scanSources([
        { path: 'svc/go.mod', content: 'module x\n' },
        { path: 'svc/guard.go', content: guard },
        { path: 'svc/main.go', content: `package main\n\nfunc main() {\n${routes}\t${serve}\n}\n` },
      ]);
      expect(at(violations)).toEqual([]);
    }
    const plain = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/guard.go', content: guard },
      { path: 'svc/main.go', content: `package main\n\nfunc main() {\n${routes}\thttp.ListenAndServe(":8090", logged(mux))\n}\n` },
    ]);
    expect(at(plain.violations)).toEqual(['SEC-001:svc/main.go:6']);
  });

  it('protects Spring routes under an authenticating HandlerInterceptor\'s path patterns, and methods that check a header and answer 401', async () => {
    const files = [
      { path: 'svc/pom.xml', content: '<project/>\n' },
      {
        path: 'svc/src/main/java/WebConfig.java',
        content: '@Configuration\npublic class WebConfig implements WebMvcConfigurer {\n  private final KeyInterceptor keys;\n  public WebConfig(KeyInterceptor keys) { this.keys = keys; }\n  @Override\n  public void addInterceptors(InterceptorRegistry registry) {\n    registry.addInterceptor(keys).addPathPatterns("/drivers/**");\n  }\n}\n',
      },
      {
        path: 'svc/src/main/java/KeyInterceptor.java',
        content: '@Component\npublic class KeyInterceptor implements HandlerInterceptor {\n  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {\n    if (!ring.accepts(request.getHeader("X-Dispatcher-Key"))) {\n      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);\n      return false;\n    }\n    return true;\n  }\n}\n',
      },
      {
        path: 'svc/src/main/java/Api.java',
        content: [
          '@RestController',
          'public class Api {',
          '  @GetMapping("/health") public String h() { return "ok"; }',
          '  @DeleteMapping("/drivers/{id}") public void offboard(@PathVariable String id) { repo.remove(id); }',
          '  @GetMapping("/vehicles/{plate}")',
          '  public ResponseEntity<Vehicle> get(@PathVariable String plate, @RequestHeader("X-Dispatcher-Key") String key) {',
          '    if (!ring.accepts(key)) return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();',
          '    return ResponseEntity.of(repo.find(plate));',
          '  }',
          '  @PostMapping("/vehicles/{plate}/retire") public void retire(@PathVariable String plate) { repo.retire(plate); }',
          '}',
          '',
        ].join('\n'),
      },
    ];
    const { violations } = await scanSources(files);
    expect(at(violations)).toEqual(['SEC-001:svc/src/main/java/Api.java:10']);
  });

  it('reads JDK HttpServer contexts: a /health context counts, an Authenticator or a handler that checks the key protects, an open export does not', async () => {
    const server = [
      'public final class Server {',
      '  public static void main(String[] args) throws IOException {',
      '    HttpServer server = HttpServer.create(new InetSocketAddress(8082), 0);',
      '    server.createContext("/health", ex -> respond(ex, 200, "ok"));',
      '    server.createContext("/entries", new EntriesHandler(store, keys));',
      '    HttpContext close = server.createContext("/periods/close", new CloseHandler(store));',
      '    close.setAuthenticator(new KeyAuthenticator(keys));',
      '    server.createContext("/admin", new CloseHandler(store)).setAuthenticator(new KeyAuthenticator(keys));',
      '    server.createContext("/export", new ExportHandler(store));',
      '    server.start();',
      '  }',
      '}',
      '',
    ].join('\n');
    const entries = 'final class EntriesHandler implements HttpHandler {\n  public void handle(HttpExchange ex) throws IOException {\n    if (!keys.contains(ex.getRequestHeaders().getFirst("X-Ledger-Key"))) {\n      ex.sendResponseHeaders(401, -1);\n      return;\n    }\n    store.book(ex);\n  }\n}\n';
    const exporter = 'final class ExportHandler implements HttpHandler {\n  public void handle(HttpExchange ex) throws IOException {\n    ex.sendResponseHeaders(200, 0);\n    store.writeCsv(ex.getResponseBody());\n  }\n}\n';
    const { violations } = await scanSources([
      { path: 'ledger/pom.xml', content: '<project/>\n' },
      { path: 'ledger/src/main/java/Server.java', content: server },
      { path: 'ledger/src/main/java/EntriesHandler.java', content: entries },
      { path: 'ledger/src/main/java/ExportHandler.java', content: exporter },
    ]);
    expect(at(violations)).toEqual(['SEC-001:ledger/src/main/java/Server.java:9']);
    const noHealth = await scanSources([
      { path: 'ledger/pom.xml', content: '<project/>\n' },
      { path: 'ledger/src/main/java/Server.java', content: server.replace('server.createContext("/health", ex -> respond(ex, 200, "ok"));', '') },
    ]);
    expect(at(noHealth.violations).filter((v) => v.startsWith('HEALTH-001'))).toEqual(['HEALTH-001:ledger/src/main/java/Server.java:3']);
  });

  it('reports HEALTH-001 where a Spring or Go service starts its server, not at line 1 of the first controller', async () => {
    const { violations } = await scanSources([
      { path: 'drivers/pom.xml', content: '<project/>\n' },
      { path: 'drivers/src/main/java/Api.java', content: '@RestController\n@PreAuthorize("isAuthenticated()")\npublic class Api {\n  @GetMapping("/drivers") public List<Driver> list() { return repo.all(); }\n}\n' },
      { path: 'drivers/src/main/java/App.java', content: '@SpringBootApplication\npublic class App {\n  public static void main(String[] args) {\n    SpringApplication.run(App.class, args);\n  }\n}\n' },
    ]);
    expect(at(violations)).toEqual(['HEALTH-001:drivers/src/main/java/App.java:4']);
  });

  it('finds credentials passed to Go and Java loggers (LOG-005), not log lines that only mention a token', async () => {
    const { violations } = await scanSources([
      {
        path: 'svc/jobs.go',
        content: 'package main\n\nfunc accept(w http.ResponseWriter, r *http.Request) {\n\ttoken := r.Header.Get("Authorization")\n\tlog.Printf("refused token=%s", token)\n\tslog.Info("accepted", "job", id, "tokenExpiry", c.Expiry())\n\tslog.Debug("auth header", "value", r.Header.Get("Authorization"))\n\tlog.Printf("job %s cancelled", id)\n}\n',
      },
      {
        path: 'svc/src/main/java/Keys.java',
        content: 'class Keys {\n  boolean check(HttpServletRequest request) {\n    String token = request.getHeader("X-Key");\n    log.debug("checking key {}", token);\n    log.info("key rejected for {}", request.getRemoteAddr());\n    LOG.warning("auth: " + request.getHeader("Authorization"));\n    return false;\n  }\n}\n',
      },
    ]);
    expect(at(violations).filter((v) => v.startsWith('LOG-005'))).toEqual(['LOG-005:svc/jobs.go:5', 'LOG-005:svc/jobs.go:7', 'LOG-005:svc/src/main/java/Keys.java:4', 'LOG-005:svc/src/main/java/Keys.java:6']);
  });

  it('does not take any header read next to a 403 for a credential check: the header must look like one', async () => {
    const handler = (header: string) =>
      `package main\n\nfunc purge(w http.ResponseWriter, r *http.Request) {\n\tid := r.Header.Get("${header}")\n\tif !cfg.AllowPurge {\n\t\thttp.Error(w, "purge disabled "+id, http.StatusForbidden)\n\t\treturn\n\t}\n\tcache.Purge()\n}\n`;
    const main = 'package main\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /health", health)\n\tmux.HandleFunc("POST /cache/purge", purge)\n\thttp.ListenAndServe(":8080", mux)\n}\n';
    const requestId = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/main.go', content: main },
      { path: 'svc/purge.go', content: handler('X-Request-Id') },
    ]);
    expect(at(requestId.violations)).toEqual(['SEC-001:svc/main.go:6']);
    const adminKey = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/main.go', content: main },
      { path: 'svc/purge.go', content: handler('X-Admin-Key') },
    ]);
    expect(at(adminKey.violations)).toEqual([]);
  });

  it('scopes chi middleware to its route group: r.Route/r.Group with an authenticating r.Use, and r.With(mw)', async () => {
    const staff = 'package main\n\nfunc staffOnly(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tif !validBadge(r.Header.Get("Authorization")) {\n\t\t\thttp.Error(w, "staff only", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n';
    const main = [
      'package main',
      '',
      'func main() {',
      '\tr := chi.NewRouter()',
      '\tr.Use(middleware.RequestID)',
      '\tr.Get("/healthz", health)',
      '\tr.Post("/items/{sku}/reserve", inv.reserve)',
      '\tr.Route("/admin", func(r chi.Router) {',
      '\t\tr.Use(staffOnly)',
      '\t\tr.Post("/recount", inv.recount)',
      '\t})',
      '\tr.Group(func(r chi.Router) {',
      '\t\tr.Use(requireAuth)',
      '\t\tr.Delete("/items/{sku}", inv.remove)',
      '\t})',
      '\tr.With(staffOnly).Put("/items/{sku}", inv.update)',
      '\thttp.ListenAndServe(":8070", r)',
      '}',
      '',
    ].join('\n');
    const { violations } = await scanSources([
      { path: 'stock/go.mod', content: 'module x\n' },
      { path: 'stock/staff.go', content: staff },
      { path: 'stock/main.go', content: main },
    ]);
    // requireAuth inside a group protects that group only, not /items/{sku}/reserve outside it.
    expect(at(violations)).toEqual(['SEC-001:stock/main.go:7']);
  });

  it('does not take a CORS middleware that allows the Authorization header for authentication', async () => {
    const { violations } = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      {
        path: 'svc/main.go',
        content: 'package main\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Use(cors.Handler(cors.Options{AllowedOrigins: []string{"https://app.example"}, AllowedHeaders: []string{"Authorization", "Content-Type"}}))\n\tr.Get("/health", health)\n\tr.Delete("/orders/{id}", orders.cancel)\n\thttp.ListenAndServe(":8080", r)\n}\n',
      },
    ]);
    expect(at(violations)).toEqual(['SEC-001:svc/main.go:7']);
  });

  it('does not take a Go handler that only logs the Authorization header for one that checks it', async () => {
    const main = 'package main\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /health", health)\n\tmux.HandleFunc("DELETE /items/{sku}", deleteItem)\n\tmux.HandleFunc("POST /items/{sku}/hold", holdItem)\n\thttp.ListenAndServe(":8080", mux)\n}\n';
    const handlers = [
      'package main',
      '',
      'func deleteItem(w http.ResponseWriter, r *http.Request) {',
      '\tstore.Delete(r.PathValue("sku"))',
      '\tslog.Info("item deleted", "by", r.Header.Get("Authorization"))',
      '}',
      '',
      'func holdItem(w http.ResponseWriter, r *http.Request) {',
      '\tsess, ok := sessions.Lookup(r)',
      '\tif !ok {',
      '\t\thttp.Error(w, "sign in first", http.StatusUnauthorized)',
      '\t\treturn',
      '\t}',
      '\tstore.Hold(r.PathValue("sku"), sess.User)',
      '}',
      '',
    ].join('\n');
    const { violations } = await scanSources([
      { path: 'svc/go.mod', content: 'module x\n' },
      { path: 'svc/main.go', content: main },
      { path: 'svc/items.go', content: handlers },
    ]);
    expect(at(violations).filter((v) => v.startsWith('SEC-001'))).toEqual(['SEC-001:svc/main.go:6']);
  });
});
