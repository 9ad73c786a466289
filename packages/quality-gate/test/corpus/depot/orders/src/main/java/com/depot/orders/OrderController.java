package com.depot.orders;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/orders")
public class OrderController {
  private static final Logger log = LoggerFactory.getLogger(OrderController.class);
  private final OrderService orders;

  public OrderController(OrderService orders) {
    this.orders = orders;
  }

  @GetMapping
  public List<Order> mine(@AuthenticationPrincipal Jwt jwt) {
    return orders.forCustomer(jwt.getSubject());
  }

  @PostMapping
  public Order place(@AuthenticationPrincipal Jwt jwt, @RequestBody NewOrder body) {
    Order order = orders.place(jwt.getSubject(), body);
    log.info("order {} placed by {} bearer {}", order.id(), jwt.getSubject(), jwt.getTokenValue());
    return order;
  }

  @DeleteMapping("/{id}")
  public void cancel(@PathVariable String id) {
    orders.cancel(id);
    System.out.println("cancelled " + id);
  }
}
