package org.p2psip.landmark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A landmark host answering RTT probes. */
@SpringBootApplication
public class LandmarkServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(LandmarkServiceApplication.class, args);
  }
}
