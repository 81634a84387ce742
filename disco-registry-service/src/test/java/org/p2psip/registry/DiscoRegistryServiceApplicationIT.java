package org.p2psip.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.p2psip.testsupport.ServiceHealthContract;
import org.p2psip.testsupport.TestPki;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiscoRegistryServiceApplicationIT extends ServiceHealthContract {

  /** Health includes the trust anchor: give the registry one (a file), as operators do. */
  @DynamicPropertySource
  static void overlayCa(DynamicPropertyRegistry registry) throws Exception {
    Path directory = Files.createTempDirectory("registry-ca");
    Path ca = TestPki.pem(directory, "ca.pem", new TestPki("Overlay CA").ca.certificate());
    registry.add("p2psip.registry.trust.ca-certificate", () -> "file:" + ca);
  }
}
