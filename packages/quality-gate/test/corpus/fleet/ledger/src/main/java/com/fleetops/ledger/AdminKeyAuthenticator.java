package com.fleetops.ledger;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

final class AdminKeyAuthenticator extends Authenticator {
  private final AdminKeys keys;

  AdminKeyAuthenticator(AdminKeys keys) {
    this.keys = keys;
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    String presented = exchange.getRequestHeaders().getFirst("X-Ledger-Key");
    if (presented == null || !keys.contains(presented)) {
      return new Failure(401);
    }
    return new Success(new HttpPrincipal(keys.owner(presented), "ledger"));
  }
}
