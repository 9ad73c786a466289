package com.fleetops.ledger;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

public final class LedgerServer {
  private static final Logger LOG = Logger.getLogger(LedgerServer.class.getName());

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8082"));
    LedgerStore store = LedgerStore.open(System.getenv("LEDGER_DB_PATH"));
    AdminKeys adminKeys = AdminKeys.fromEnv("LEDGER_ADMIN_KEYS");

    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"ok\"}"));
    server.createContext("/entries", new EntriesHandler(store, adminKeys));
    HttpContext close = server.createContext("/periods/close", new ClosePeriodHandler(store));
    close.setAuthenticator(new AdminKeyAuthenticator(adminKeys));
    server.createContext("/export", new ExportHandler(store));
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    LOG.info(() -> "ledger listening on " + port);
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
