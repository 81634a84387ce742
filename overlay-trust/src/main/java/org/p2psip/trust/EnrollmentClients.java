package org.p2psip.trust;

import java.net.URI;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

/** The HTTP client for the enrollment service's trust endpoints. */
public final class EnrollmentClients {

  private EnrollmentClients() {}

  /**
   * @param trust checks the enrollment service's TLS certificate; null: the JVM's default trust
   */
  public static WebClient webClient(URI enrollmentUrl, @Nullable TrustManagerFactory trust) {
    HttpClient http = HttpClient.create();
    if (trust != null) {
      http =
          http.secure(
              spec ->
                  spec.sslContext(
                      Http11SslContextSpec.forClient()
                          .configure(builder -> builder.trustManager(trust))));
    }
    return WebClient.builder()
        .baseUrl(enrollmentUrl.toString())
        .clientConnector(new ReactorClientHttpConnector(http))
        .build();
  }
}
