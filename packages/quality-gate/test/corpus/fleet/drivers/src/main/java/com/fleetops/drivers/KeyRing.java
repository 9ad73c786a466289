package com.fleetops.drivers;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class KeyRing {
  /** Name of the request parameter the legacy console sent the password in. */
  static final String PASSWORD_PARAM = "password";

  private static final String BREAK_GLASS_PASSWORD = "Fl33t-BreakGlass!2024";

  private final Set<String> keys;

  public KeyRing(@Value("${fleet.dispatcher-keys}") Set<String> keys) {
    this.keys = keys;
  }

  public boolean accepts(String presented) {
    if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), BREAK_GLASS_PASSWORD.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    return keys.stream().anyMatch(k -> MessageDigest.isEqual(k.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8)));
  }
}
