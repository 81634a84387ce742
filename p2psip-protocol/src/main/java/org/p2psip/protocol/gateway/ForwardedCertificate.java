package org.p2psip.protocol.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the gateway tells a backend which client certificate its TLS handshake verified, in a way the
 * backend can check came from the gateway: {@value #CERTIFICATE_HEADER} carries the certificate
 * (base64 DER) and {@value #SIGNATURE_HEADER} an HMAC-SHA-256, under a secret only the gateway and
 * the backends hold, over the certificate, the request's method and path, and the time:
 *
 * <pre>
 * X-P2PSIP-Gateway-Signature: t=&lt;unix seconds&gt;; v1=&lt;base64url HMAC&gt;
 * HMAC input: "p2psip-gateway-v1" LF t LF METHOD LF path[?query] LF certificate-header-value
 * </pre>
 *
 * A client that reaches a backend directly cannot forge it; one that captured a signed request
 * cannot reuse it for another certificate, method or path, nor after {@code maxSkew}; within that
 * window the backend refuses a signature it has seen before (its own replay cache).
 */
public final class ForwardedCertificate {

  public static final String CERTIFICATE_HEADER = "X-P2PSIP-Client-Certificate";
  public static final String SIGNATURE_HEADER = "X-P2PSIP-Gateway-Signature";

  /** A shared secret shorter than this is refused: it would be guessable offline. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String VERSION = "p2psip-gateway-v1";

  /** What a backend concluded about a forwarded certificate. */
  public enum Verdict {
    /** The gateway signed this certificate for this request, recently. */
    VALID,
    /** No signature header: the certificate header did not come from the gateway. */
    UNSIGNED,
    /** The signature header cannot be parsed. */
    MALFORMED,
    /** Signed too long ago, or in the future beyond the allowed skew. */
    STALE,
    /** The signature does not match (another secret, certificate, method or path). */
    FORGED
  }

  private final byte[] secret;

  public ForwardedCertificate(byte[] secret) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the gateway forwarding secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.secret = secret.clone();
  }

  /** The {@value #SIGNATURE_HEADER} value for a request the gateway forwards at {@code now}. */
  public String sign(Instant now, String method, String path, String certificateHeader) {
    long t = now.getEpochSecond();
    return "t=" + t + "; v1=" + mac(t, method, path, certificateHeader);
  }

  /**
   * Checks {@code signatureHeader} (null when absent) against the request.
   *
   * @param maxSkew how far the signing time may be from {@code now}, either way
   */
  public Verdict verify(
      String signatureHeader,
      String method,
      String path,
      String certificateHeader,
      Instant now,
      Duration maxSkew) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return Verdict.UNSIGNED;
    }
    Long t = null;
    String given = null;
    for (String part : signatureHeader.split(";")) {
      String item = part.trim();
      if (item.startsWith("t=")) {
        try {
          t = Long.parseLong(item.substring(2));
        } catch (NumberFormatException e) {
          return Verdict.MALFORMED;
        }
      } else if (item.startsWith("v1=")) {
        given = item.substring(3);
      }
    }
    if (t == null || given == null || given.isEmpty()) {
      return Verdict.MALFORMED;
    }
    if (Math.abs(now.getEpochSecond() - t) > maxSkew.toSeconds()) {
      return Verdict.STALE;
    }
    byte[] expected = mac(t, method, path, certificateHeader).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))
        ? Verdict.VALID
        : Verdict.FORGED;
  }

  /** The signed path of a request: its raw path and query, as both ends see them. */
  public static String pathOf(java.net.URI uri) {
    String query = uri.getRawQuery();
    return uri.getRawPath() + (query == null ? "" : "?" + query);
  }

  private String mac(long t, String method, String path, String certificateHeader) {
    String input = VERSION + "\n" + t + "\n" + method + "\n" + path + "\n" + certificateHeader;
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
