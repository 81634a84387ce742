package org.p2psip.protocol.value;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Resource-IDs of resource names (docs/protocol.md section 3). A SIP or conference URI is hashed
 * without its {@code sip:} scheme, so {@code sip:conf@example.org} and the certificate user name
 * {@code conf@example.org} name the same resource.
 */
public final class ResourceIds {

  private ResourceIds() {}

  /** The Resource-ID of {@code name} with SHA-1, the overlay default. */
  public static Id128 of(String name) {
    return of(name, HashAlgorithm.SHA1);
  }

  public static Id128 of(String name, HashAlgorithm algorithm) {
    byte[] utf8 = withoutSipScheme(name).getBytes(StandardCharsets.UTF_8);
    return switch (algorithm) {
      case SHA1 -> Id128.wrap(Arrays.copyOf(sha1(utf8), Id128.LENGTH));
      case RAW -> {
        if (utf8.length > Id128.LENGTH) {
          throw new IllegalArgumentException(
              "a raw resource name has at most 16 UTF-8 bytes, not " + utf8.length);
        }
        yield Id128.wrap(Arrays.copyOf(utf8, Id128.LENGTH));
      }
    };
  }

  /** {@code name} without a leading {@code sip:} (the scheme is case-insensitive). */
  public static String withoutSipScheme(String name) {
    return name.regionMatches(true, 0, "sip:", 0, 4) ? name.substring(4) : name;
  }

  private static byte[] sha1(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
