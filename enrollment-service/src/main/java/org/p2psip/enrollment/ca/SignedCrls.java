package org.p2psip.enrollment.ca;

import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.p2psip.ca.CrlIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The CRL served to everyone: signed once and served from memory until a revocation (here or, via
 * {@link RevocationAnnouncements}, at another replica) or until half its validity has passed, so
 * that {@code GET /crl} costs no signature per request. Requests that arrive while a CRL is being
 * signed share that one signing. CRL numbers come from a counter in Redis shared by every replica
 * ({@code enroll:crl:number}), so no two CRLs ever carry the same number and every later one a
 * larger. While Redis cannot be read, the last CRL is served as long as it is valid.
 */
public final class SignedCrls {

  private static final Logger log = LoggerFactory.getLogger(SignedCrls.class);
  static final String NUMBER_KEY = "enroll:crl:number";
  private static final RedisScript<Long> NEXT_NUMBER =
      RedisScript.of(new ClassPathResource("redis/next-crl-number.lua"), Long.class);

  /** One signed CRL, and the revocation generation it includes. */
  public record Signed(X509CRL crl, byte[] der, BigInteger number, long generation) {}

  private final CertificateRegistry registry;
  private final CrlIssuer issuer;
  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<@Nullable Signed> last = new AtomicReference<>();
  private final AtomicReference<@Nullable Signing> signing = new AtomicReference<>();

  /** A signing under way and the revocation generation it reads. */
  private record Signing(long generation, Mono<Signed> signed) {}

  public SignedCrls(
      CertificateRegistry registry,
      CrlIssuer issuer,
      ReactiveStringRedisTemplate redis,
      Clock clock) {
    this.registry = registry;
    this.issuer = issuer;
    this.redis = redis;
    this.clock = clock;
  }

  /** Something was revoked: the next request signs a new CRL. */
  public void invalidate() {
    generation.incrementAndGet();
  }

  /** The current CRL: the cached one while it is fresh, else a newly signed one. */
  public Mono<Signed> current() {
    return Mono.defer(
        () -> {
          Signed cached = last.get();
          if (cached != null && cached.generation() == generation.get() && fresh(cached)) {
            return Mono.just(cached);
          }
          long wanted = generation.get();
          // join a signing under way only if it started after the latest revocation
          return signing
              .updateAndGet(
                  pending ->
                      pending != null && pending.generation() >= wanted
                          ? pending
                          : new Signing(wanted, signOnce(wanted)))
              .signed();
        });
  }

  private boolean fresh(Signed signed) {
    Instant thisUpdate = signed.crl().getThisUpdate().toInstant();
    return clock.instant().isBefore(thisUpdate.plus(issuer.validity().dividedBy(2)));
  }

  private Mono<Signed> signOnce(long includes) {
    return Mono.zip(
            registry.revoked().collectList(),
            redis
                .execute(NEXT_NUMBER, List.of(NUMBER_KEY), List.of(Long.toString(clock.millis())))
                .single())
        .publishOn(Schedulers.boundedElastic())
        .map(
            input -> {
              X509CRL crl = issuer.sign(input.getT1(), BigInteger.valueOf(input.getT2()));
              try {
                return new Signed(
                    crl, crl.getEncoded(), BigInteger.valueOf(input.getT2()), includes);
              } catch (CRLException e) {
                throw new IllegalStateException("encoding a CRL just signed failed", e);
              }
            })
        .doOnNext(
            signed -> {
              // never replace a CRL with one that includes fewer revocations
              last.accumulateAndGet(
                  signed,
                  (before, now) ->
                      before != null && before.generation() > now.generation() ? before : now);
              log.info(
                  "signed CRL {} with {} revocations",
                  signed.number(),
                  signed.crl().getRevokedCertificates() == null
                      ? 0
                      : signed.crl().getRevokedCertificates().size());
            })
        .onErrorResume(this::lastStillValid)
        .doFinally(
            signal -> signing.updateAndGet(s -> s != null && s.generation() == includes ? null : s))
        .cache();
  }

  /** Redis failed: the last CRL while it is valid (its nextUpdate is ahead), else the error. */
  private Mono<Signed> lastStillValid(Throwable error) {
    Signed previous = last.get();
    if (previous != null && clock.instant().isBefore(previous.crl().getNextUpdate().toInstant())) {
      log.warn(
          "signing a new CRL failed ({}); serving CRL {}", error.toString(), previous.number());
      return Mono.just(previous);
    }
    return Mono.error(error);
  }

  /** How long a CRL is served from memory at most. */
  public Duration maxAge() {
    return issuer.validity().dividedBy(2);
  }
}
