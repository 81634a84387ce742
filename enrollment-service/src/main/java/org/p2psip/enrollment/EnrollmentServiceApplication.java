package org.p2psip.enrollment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The overlay's certificate authority and configuration server. */
@SpringBootApplication
public class EnrollmentServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(EnrollmentServiceApplication.class, args);
  }
}
