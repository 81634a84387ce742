package org.p2psip.client.enroll;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.p2psip.protocol.reload.CertificateIdentity;
import reactor.core.publisher.Mono;

/**
 * Enrolling in the overlay (RFC 6940 section 11.3; docs/architecture.md flow 1): fetch and verify
 * the configuration document, make a key pair and CSR, POST them with the account's credentials,
 * and check that the certificate returned is the overlay CA's and names this user.
 */
public final class Enrollment {

  /** What an enrolled client keeps. */
  public record Enrolled(
      OverlayConfiguration configuration,
      KeyPair keys,
      X509Certificate certificate,
      CertificateIdentity identity) {}

  private final HttpClient http;
  private final URI base;

  /** {@code base}: where {@code /.well-known/reload-config} and {@code /enroll} are served. */
  public Enrollment(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  public Mono<OverlayConfiguration> configuration() {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/.well-known/reload-config"))
            .timeout(Duration.ofSeconds(15))
            .build();
    return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .map(
            response -> {
              if (response.statusCode() != 200) {
                throw new EnrollmentException(
                    "the configuration document: HTTP " + response.statusCode());
              }
              try {
                return OverlayConfiguration.verify(response.body(), Instant.now());
              } catch (IllegalArgumentException e) {
                throw new EnrollmentException(e.getMessage());
              }
            });
  }

  public Mono<Enrolled> enroll(String user, String password, int nodeIds) {
    return configuration()
        .flatMap(
            configuration -> {
              KeyPair keys = Csrs.p256();
              HttpRequest request =
                  EnrollmentRequest.of(
                      base.resolve("/enroll"), user, password, nodeIds, Csrs.request(keys));
              return Mono.fromFuture(
                      () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                  .map(response -> certificate(response, configuration, user))
                  .map(
                      certificate ->
                          new Enrolled(
                              configuration,
                              keys,
                              certificate,
                              CertificateIdentity.of(certificate)));
            });
  }

  private static X509Certificate certificate(
      HttpResponse<byte[]> response, OverlayConfiguration configuration, String user) {
    if (response.statusCode() != 200) {
      throw new EnrollmentException(
          "enrollment refused: HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8).trim());
    }
    try {
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(response.body()));
      certificate.verify(configuration.root().getPublicKey());
      if (!CertificateIdentity.of(certificate).userName().equals(user)) {
        throw new EnrollmentException("the certificate names another user");
      }
      return certificate;
    } catch (EnrollmentException e) {
      throw e;
    } catch (Exception e) {
      throw new EnrollmentException(
          "the certificate returned is not the overlay CA's: " + e.getMessage());
    }
  }

  /** An enrollment step that failed, with a message for the user. */
  public static final class EnrollmentException extends RuntimeException {
    public EnrollmentException(String message) {
      super(message);
    }
  }
}
