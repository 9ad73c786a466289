package com.fleetops.ledger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

final class ClosePeriodHandler implements HttpHandler {
  private final LedgerStore store;

  ClosePeriodHandler(LedgerStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    String period = new String(exchange.getRequestBody().readAllBytes()).trim();
    try {
      store.close(period);
      LedgerServer.respond(exchange, 200, "{\"closed\":\"" + period + "\"}");
    } catch (IllegalStateException e) {
      System.err.println("cannot close " + period + ": " + e.getMessage());
      LedgerServer.respond(exchange, 409, "{\"error\":\"period already closed\"}");
    }
  }
}
