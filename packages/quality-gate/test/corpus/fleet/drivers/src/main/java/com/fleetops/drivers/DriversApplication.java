package com.fleetops.drivers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DriversApplication {
  public static void main(String[] args) {
    System.out.println("fleet drivers " + DriversApplication.class.getPackage().getImplementationVersion());
    SpringApplication.run(DriversApplication.class, args);
  }
}
