package org.p2psip.forwarding;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * How the gateway tells a backend what only the gateway knows about a request, in a way the backend
 * can check came from the gateway: the client's address ({@value #ADDRESS_HEADER}, the TCP peer of
 * the gateway, since behind the gateway every request comes from the gateway's own address) and the
 * client certificate its TLS handshake verified ({@value #CERTIFICATE_HEADER}, base64 DER, when
 * there is one). {@value #SIGNATURE_HEADER} carries an HMAC-SHA-256, under a secret only the
 * gateway and the backends hold, over both, the request's method and path, the time and a nonce:
 *
 * <pre>
 * X-P2PSIP-Gateway-Signature: t=&lt;unix seconds&gt;; n=&lt;base64url 16 random bytes&gt;; v2=&lt;base64url HMAC&gt;
 * HMAC input: "p2psip-gateway-v2" LF t LF n LF METHOD LF path[?query] LF address LF certificate
 * </pre>
 *
 * (an absent header counts as the empty string). A client that reaches a backend directly cannot
 * forge either header; one that captured a signed request cannot reuse it for another address,
 * certificate, method or path, nor after {@code maxSkew}; within that window the backend refuses a
 * certificate signature it has seen before (its own replay cache; the nonce makes every signature
 * the gateway makes unique, so two honest requests in one second never look like a replay).
 */
public final class GatewayForwarding {

  public static final String CERTIFICATE_HEADER = "X-P2PSIP-Client-Certificate";
  public static final String ADDRESS_HEADER = "X-P2PSIP-Client-Address";
  public static final String SIGNATURE_HEADER = "X-P2PSIP-Gateway-Signature";

  /** A shared secret shorter than this is refused: it would be guessable offline. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String VERSION = "p2psip-gateway-v2";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the gateway vouches for on one request; either part may be null (absent). */
  public record Forwarded(@Nullable String address, @Nullable String certificate) {}

  /** What a backend concluded about the forwarded headers. */
  public enum Verdict {
    /** The gateway signed these headers for this request, recently. */
    VALID,
    /** No signature header: the other headers did not come from the gateway. */
    UNSIGNED,
    /** The signature header cannot be parsed. */
    MALFORMED,
    /** Signed too long ago, or in the future beyond the allowed skew. */
    STALE,
    /** The signature does not match (another secret, address, certificate, method or path). */
    FORGED
  }

  private final byte[] secret;

  public GatewayForwarding(byte[] secret) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the gateway forwarding secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.secret = secret.clone();
  }

  /** The {@value #SIGNATURE_HEADER} value for a request the gateway forwards at {@code now}. */
  public String sign(Instant now, String method, String path, Forwarded forwarded) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String n = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    long t = now.getEpochSecond();
    return "t=" + t + "; n=" + n + "; v2=" + mac(t, n, method, path, forwarded);
  }

  /**
   * Checks {@code signatureHeader} (null when absent) against the request.
   *
   * @param maxSkew how far the signing time may be from {@code now}, either way
   */
  public Verdict verify(
      @Nullable String signatureHeader,
      String method,
      String path,
      Forwarded forwarded,
      Instant now,
      Duration maxSkew) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return Verdict.UNSIGNED;
    }
    Long t = null;
    String nonce = null;
    String given = null;
    for (String part : signatureHeader.split(";")) {
      String item = part.trim();
      if (item.startsWith("t=")) {
        try {
          t = Long.parseLong(item.substring(2));
        } catch (NumberFormatException e) {
          return Verdict.MALFORMED;
        }
      } else if (item.startsWith("n=")) {
        nonce = item.substring(2);
      } else if (item.startsWith("v2=")) {
        given = item.substring(3);
      }
    }
    if (t == null || nonce == null || nonce.isEmpty() || given == null || given.isEmpty()) {
      return Verdict.MALFORMED;
    }
    if (Math.abs(now.getEpochSecond() - t) > maxSkew.toSeconds()) {
      return Verdict.STALE;
    }
    byte[] expected = mac(t, nonce, method, path, forwarded).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))
        ? Verdict.VALID
        : Verdict.FORGED;
  }

  /** The signed path of a request: its raw path and query, as both ends see them. */
  public static String pathOf(URI uri) {
    String query = uri.getRawQuery();
    return uri.getRawPath() + (query == null ? "" : "?" + query);
  }

  private String mac(long t, String nonce, String method, String path, Forwarded forwarded) {
    String input =
        String.join(
            "\n",
            VERSION,
            Long.toString(t),
            nonce,
            method,
            path,
            Objects.toString(forwarded.address(), ""),
            Objects.toString(forwarded.certificate(), ""));
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(hmac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
