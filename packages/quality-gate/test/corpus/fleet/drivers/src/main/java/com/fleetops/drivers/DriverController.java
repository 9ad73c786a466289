package com.fleetops.drivers;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/drivers")
public class DriverController {
  private static final Logger log = LoggerFactory.getLogger(DriverController.class);
  private final DriverRepository drivers;

  public DriverController(DriverRepository drivers) {
    this.drivers = drivers;
  }

  @GetMapping
  public List<Driver> list() {
    return drivers.findActive();
  }

  @GetMapping("/{id}/shift")
  public ResponseEntity<Shift> currentShift(@PathVariable String id) {
    return ResponseEntity.of(drivers.currentShift(id));
  }

  @PostMapping("/{id}/shifts")
  public ResponseEntity<Shift> startShift(@PathVariable String id, @RequestBody ShiftRequest body) {
    Shift shift = drivers.startShift(id, body.vehiclePlate());
    log.info("driver {} started shift on {}", id, body.vehiclePlate());
    return ResponseEntity.status(201).body(shift);
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> offboard(@PathVariable String id) {
    try {
      drivers.deactivate(id);
    } catch (IllegalStateException e) {
      e.printStackTrace();
      return ResponseEntity.status(409).build();
    }
    return ResponseEntity.noContent().build();
  }
}
