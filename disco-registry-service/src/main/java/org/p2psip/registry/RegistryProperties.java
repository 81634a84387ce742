package org.p2psip.registry;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * The registry's settings, under {@code p2psip.registry}.
 *
 * @param maxEntriesPerKind entries (tombstones included) one Resource-ID may hold per kind; more is
 *     Data_Too_Large
 * @param maxValueBytes largest value of one entry; larger is Data_Too_Large
 * @param maxLifetime lifetimes asked for beyond this are reduced to it (RFC 6940 lets the storing
 *     node shorten them)
 * @param maxEntriesPerRequest entries one Store may carry over all its kinds
 * @param changeSweep how often a change stream re-reads its dictionary to report expiries (changes
 *     made through the registry are pushed at once)
 * @param trust where the overlay CA's certificate and CRL come from
 * @param verifiedCertificates how many signer certificates, once found issued by the overlay CA,
 *     are remembered so that later entries signed with them skip that signature check (validity,
 *     revocation and the entry's own signature are still checked every time)
 * @param store how an outage of Redis is noticed and answered
 */
@ConfigurationProperties("p2psip.registry")
public record RegistryProperties(
    @DefaultValue("64") int maxEntriesPerKind,
    @DefaultValue("4096") int maxValueBytes,
    @DefaultValue("1d") Duration maxLifetime,
    @DefaultValue("64") int maxEntriesPerRequest,
    @DefaultValue("5s") Duration changeSweep,
    @DefaultValue Trust trust,
    @DefaultValue("10000") long verifiedCertificates,
    @DefaultValue Store store) {

  /**
   * Redis outages: while Redis is known down every request that needs it is answered 503 at once.
   *
   * @param probeInterval how often Redis is PINGed, to notice an outage before a request does and
   *     its end as soon as possible
   * @param retryAfter the {@code Retry-After} of a 503 answered for want of Redis
   */
  public record Store(
      @DefaultValue("1s") Duration probeInterval, @DefaultValue("5s") Duration retryAfter) {}

  /**
   * The trust anchor: either files ({@code ca-certificate} PEM, optional {@code crl} DER or PEM) or
   * the enrollment service ({@code enrollment-url}: {@code GET /v1/ca} and {@code GET /crl}),
   * re-read every {@code refresh}; with the enrollment service, revocations also take effect as
   * they are announced ({@code GET /v1/revocations}; overlay-trust's {@code OverlayTrust}).
   *
   * @param caCertificate the overlay CA certificate (PEM)
   * @param crl the CA's CRL (DER or PEM); optional
   * @param enrollmentUrl base URL of the enrollment service, used when no file is configured
   * @param enrollmentSslBundle SSL bundle whose trust store checks the enrollment service's TLS
   *     certificate; the JVM's default trust when empty
   * @param refresh how often the CA certificate and CRL are re-read
   */
  public record Trust(
      @Nullable Resource caCertificate,
      @Nullable Resource crl,
      @Nullable URI enrollmentUrl,
      @Nullable String enrollmentSslBundle,
      @DefaultValue("5m") Duration refresh) {}
}
