package org.p2psip.client.enroll;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.p2psip.client.profile.Profiles;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.RenewalProof;
import reactor.core.publisher.Mono;

/**
 * Renews a profile's certificate before it expires: a fresh key and CSR, posted to {@code /renew}
 * with proof of the current key. The proof is either the current key's signature over the CSR
 * (works against the enrollment service directly), or, through the gateway, the TLS handshake in
 * which the {@link HttpClient} presented the current certificate as client certificate. The new
 * certificate must come from the profile's overlay CA and name the same user and Node-IDs.
 */
public final class Renewal {

  /** The renewed identity: a new key and its certificate. */
  public record Renewed(KeyPair keys, X509Certificate certificate, CertificateIdentity identity) {}

  private final HttpClient http;
  private final URI base;

  /**
   * @param http for {@code viaClientCertificate}, a client whose TLS context presents the current
   *     certificate and key
   * @param base the enrollment service or the gateway
   */
  public Renewal(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  public Mono<Renewed> renew(Profiles.Profile current, boolean viaClientCertificate) {
    return Mono.defer(
        () -> {
          KeyPair keys = Csrs.p256();
          byte[] csr = Csrs.request(keys);
          URI renew = base.resolve("/renew");
          HttpRequest request;
          try {
            request =
                viaClientCertificate
                    ? EnrollmentRequest.renewal(renew, null, csr, null)
                    : EnrollmentRequest.renewal(
                        renew,
                        current.certificate().getEncoded(),
                        csr,
                        RenewalProof.sign(current.key(), csr));
          } catch (GeneralSecurityException e) {
            return Mono.error(e);
          }
          return Mono.fromFuture(
                  () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
              .map(response -> renewed(response, keys, current));
        });
  }

  private static Renewed renewed(
      HttpResponse<byte[]> response, KeyPair keys, Profiles.Profile current) {
    if (response.statusCode() != 200) {
      throw new Enrollment.EnrollmentException(
          "renewal refused: HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8).trim());
    }
    X509Certificate certificate;
    try {
      certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(response.body()));
      certificate.verify(current.ca().getPublicKey());
    } catch (Exception e) {
      throw new Enrollment.EnrollmentException(
          "the renewed certificate is not the overlay CA's: " + e.getMessage());
    }
    CertificateIdentity identity = CertificateIdentity.of(certificate);
    if (!identity.equals(CertificateIdentity.of(current.certificate()))
        || !certificate.getPublicKey().equals(keys.getPublic())) {
      throw new Enrollment.EnrollmentException(
          "the renewed certificate names another identity or key");
    }
    return new Renewed(keys, certificate, identity);
  }
}
