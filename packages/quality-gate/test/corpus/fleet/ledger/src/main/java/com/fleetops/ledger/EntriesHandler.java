package com.fleetops.ledger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** GET lists a period's entries, POST books one; both need an admin key in X-Ledger-Key. */
final class EntriesHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(EntriesHandler.class.getName());
  private final LedgerStore store;
  private final AdminKeys keys;

  EntriesHandler(LedgerStore store, AdminKeys keys) {
    this.store = store;
    this.keys = keys;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String presented = exchange.getRequestHeaders().getFirst("X-Ledger-Key");
    if (!keys.contains(presented)) {
      LOG.log(Level.WARNING, "rejected ledger call from {0}", exchange.getRemoteAddress());
      exchange.sendResponseHeaders(401, -1);
      return;
    }
    switch (exchange.getRequestMethod()) {
      case "GET" -> LedgerServer.respond(exchange, 200, store.entriesJson(exchange.getRequestURI().getQuery()));
      case "POST" -> {
        Entry entry = Entry.parse(exchange.getRequestBody());
        store.book(entry);
        LOG.info(() -> "booked " + entry.id() + " amount " + entry.amount());
        LedgerServer.respond(exchange, 201, entry.toJson());
      }
      default -> exchange.sendResponseHeaders(405, -1);
    }
  }
}
