package com.fleetops.ledger;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.Arrays;

final class AdminKeys {
  private final Map<String, String> ownerByKey;

  private AdminKeys(Map<String, String> ownerByKey) {
    this.ownerByKey = ownerByKey;
  }

  /** LEDGER_ADMIN_KEYS="alice=key1,bob=key2". */
  static AdminKeys fromEnv(String name) {
    String raw = System.getenv().getOrDefault(name, "");
    return new AdminKeys(Arrays.stream(raw.split(","))
        .filter(s -> s.contains("="))
        .map(s -> s.split("=", 2))
        .collect(Collectors.toMap(p -> p[1], p -> p[0])));
  }

  boolean contains(String key) {
    return key != null && ownerByKey.containsKey(key);
  }

  String owner(String key) {
    return ownerByKey.get(key);
  }
}
