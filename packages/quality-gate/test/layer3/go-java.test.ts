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
    expect(at(violations)).toEqual(['HEALTH-001:orders/main.go:9', 'LOG-001:orders/main.go:9', 'SEC-001:orders/main.go:15']);
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
});
