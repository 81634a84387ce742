package org.p2psip.enrollment;

import java.nio.file.Files;
import java.nio.file.Path;
import org.p2psip.testsupport.ServiceHealthContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EnrollmentServiceApplicationIT extends ServiceHealthContract {

  @DynamicPropertySource
  static void developmentCa(DynamicPropertyRegistry registry) throws Exception {
    Path directory = Files.createTempDirectory("enrollment-ca");
    registry.add("p2psip.enrollment.ca.generate-in", directory::toString);
  }
}
