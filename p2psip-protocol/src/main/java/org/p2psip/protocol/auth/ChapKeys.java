package org.p2psip.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * CHAP as docs/protocol.md 2.3 defines it. The enrollment service stores K for each account (never
 * the password); a host peer challenges a joining client and checks its answer against K; the
 * client derives K from its password.
 *
 * <pre>
 * K        = PBKDF2-HMAC-SHA-256(password, salt = UTF-8("p2psip-chap:" + overlay + ":" + user), 100000, 32 bytes)
 * response = HMAC-SHA-256(key = K, message = challenge)
 * </pre>
 */
public final class ChapKeys {

  public static final int ITERATIONS = 100_000;
  public static final int KEY_LENGTH = 32;
  public static final int CHALLENGE_LENGTH = 32;

  private ChapKeys() {}

  /** K for {@code user} in {@code overlay}. Deliberately slow: 100,000 PBKDF2 iterations. */
  public static byte[] deriveKey(String password, String overlayName, String userName) {
    byte[] salt = ("p2psip-chap:" + overlayName + ":" + userName).getBytes(StandardCharsets.UTF_8);
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, KEY_LENGTH * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** The client's answer to {@code challenge}. */
  public static byte[] response(byte[] key, byte[] challenge) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(challenge);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** Whether {@code answer} is the right response; compares in constant time. */
  public static boolean verify(byte[] key, byte[] challenge, byte[] answer) {
    return MessageDigest.isEqual(response(key, challenge), answer);
  }
}
