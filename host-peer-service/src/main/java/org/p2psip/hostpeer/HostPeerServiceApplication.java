package org.p2psip.hostpeer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A host peer serving P2PSIP clients over TCP, records cached in Redis. */
@SpringBootApplication
public class HostPeerServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(HostPeerServiceApplication.class, args);
  }
}
