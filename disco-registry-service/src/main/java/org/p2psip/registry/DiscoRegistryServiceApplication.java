package org.p2psip.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The storing node of the DISCO-REGISTRATION kind. */
@SpringBootApplication
public class DiscoRegistryServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DiscoRegistryServiceApplication.class, args);
  }
}
