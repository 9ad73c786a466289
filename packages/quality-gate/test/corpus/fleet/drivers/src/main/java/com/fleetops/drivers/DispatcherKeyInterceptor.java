package com.fleetops.drivers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/** Admits dispatcher consoles that present a signed key; everything else gets 401. */
@Component
public class DispatcherKeyInterceptor implements HandlerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(DispatcherKeyInterceptor.class);
  private final KeyRing ring;

  public DispatcherKeyInterceptor(KeyRing ring) {
    this.ring = ring;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    String token = request.getHeader("X-Dispatcher-Key");
    log.debug("checking dispatcher key {}", token);
    if (token == null || !ring.accepts(token)) {
      log.info("dispatcher key rejected for {}", request.getRemoteAddr());
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      return false;
    }
    return true;
  }
}
