package com.fleetops.ledger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** Streams every booked entry as CSV for the accountants' spreadsheet. */
final class ExportHandler implements HttpHandler {
  private final LedgerStore store;

  ExportHandler(LedgerStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/csv");
    exchange.sendResponseHeaders(200, 0);
    try (var out = exchange.getResponseBody()) {
      store.writeCsv(out);
    }
  }
}
