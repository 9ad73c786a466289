package com.fleetops.drivers;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/vehicles")
public class VehicleController {
  private final VehicleRepository vehicles;
  private final KeyRing keyRing;

  public VehicleController(VehicleRepository vehicles, KeyRing keyRing) {
    this.vehicles = vehicles;
    this.keyRing = keyRing;
  }

  @GetMapping("/{plate}")
  public ResponseEntity<Vehicle> get(@PathVariable String plate, @RequestHeader(name = "X-Dispatcher-Key", required = false) String key) {
    if (key == null || !keyRing.accepts(key)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }
    return ResponseEntity.of(vehicles.find(plate));
  }

  @PostMapping("/{plate}/retire")
  public ResponseEntity<Void> retire(@PathVariable String plate, @RequestParam String reason) {
    System.out.println("retiring " + plate + ": " + reason);
    vehicles.retire(plate, reason);
    return ResponseEntity.accepted().build();
  }
}
