package org.p2psip.enrollment.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.p2psip.ca.RevokedCertificate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the CA has issued and revoked, in Redis. {@code enroll:cert:{<serial hex>}} describes each
 * issued certificate until it expires; {@code enroll:revoked} maps the serials of revoked,
 * unexpired certificates to {@code "<revoked at ms>:<not after ms>"} for the CRL.
 */
public final class CertificateRegistry {

  static final String REVOKED = "enroll:revoked";

  private final ReactiveStringRedisTemplate redis;

  public CertificateRegistry(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  static String key(BigInteger serial) {
    return "enroll:cert:{" + serial.toString(16) + "}";
  }

  /** Remembers an issued certificate for as long as it is valid. */
  public Mono<Void> issued(X509Certificate certificate, String userName) {
    String key = key(certificate.getSerialNumber());
    Instant notAfter = certificate.getNotAfter().toInstant();
    return redis
        .opsForHash()
        .putAll(key, Map.of("user", userName, "not-after", Long.toString(notAfter.toEpochMilli())))
        .then(redis.expireAt(key, notAfter.plus(Duration.ofMinutes(5))))
        .then();
  }

  /** Revokes a certificate this CA issued and that has not expired; false when there is none. */
  public Mono<Boolean> revoke(BigInteger serial) {
    return redis
        .<String, String>opsForHash()
        .get(key(serial), "not-after")
        .flatMap(
            notAfter ->
                redis
                    .<String, String>opsForHash()
                    .putIfAbsent(
                        REVOKED, serial.toString(16), System.currentTimeMillis() + ":" + notAfter)
                    .thenReturn(true))
        .defaultIfEmpty(false);
  }

  public Mono<Boolean> isRevoked(BigInteger serial) {
    return redis.opsForHash().hasKey(REVOKED, serial.toString(16));
  }

  /** Revoked certificates still within their validity; expired ones are dropped on the way. */
  public Flux<RevokedCertificate> revoked() {
    long now = System.currentTimeMillis();
    return redis
        .<String, String>opsForHash()
        .entries(REVOKED)
        .map(
            entry -> {
              String[] times = entry.getValue().split(":");
              return new RevokedCertificate(
                  new BigInteger(entry.getKey(), 16),
                  Instant.ofEpochMilli(Long.parseLong(times[0])),
                  Instant.ofEpochMilli(Long.parseLong(times[1])));
            })
        .flatMap(
            revoked ->
                revoked.notAfter().toEpochMilli() < now
                    ? redis
                        .opsForHash()
                        .remove(REVOKED, revoked.serial().toString(16))
                        .then(Mono.empty())
                    : Mono.just(revoked));
  }
}
