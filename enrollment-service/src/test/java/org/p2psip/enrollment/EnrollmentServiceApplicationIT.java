package org.p2psip.enrollment;

import org.p2psip.testsupport.ServiceHealthContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EnrollmentServiceApplicationIT extends ServiceHealthContract {

  @DynamicPropertySource
  static void developmentCa(DynamicPropertyRegistry registry) throws Exception {
    java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("enrollment-ca");
    registry.add("p2psip.enrollment.ca.generate-in", directory::toString);
  }
}
