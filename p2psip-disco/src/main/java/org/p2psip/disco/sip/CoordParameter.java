package org.p2psip.disco.sip;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The {@code coord} URI parameter of a joiner's Contact (DisCo 4.4; docs/protocol.md 4.2): the
 * coordinate bytes, base64. Written with standard base64 whose {@code =} padding is escaped as
 * {@code %3D}, since RFC 3261's grammar does not allow a bare {@code =} in a parameter value; read
 * leniently: escaped or bare padding, standard or URL-safe alphabet.
 */
public final class CoordParameter {

  public static final String NAME = "coord";

  /** Coordinates are a version byte, a dimension count and at most 32 doubles. */
  private static final int MAX_BYTES = 2 + 32 * 8;

  private CoordParameter() {}

  public static String encode(byte[] coordinate) {
    return Base64.getEncoder().encodeToString(coordinate).replace("=", "%3D");
  }

  /** The coordinate bytes, or null when the value is absent or not base64 of a sane size. */
  public static byte @Nullable [] decode(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 2 * MAX_BYTES) {
      return null;
    }
    String text = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.US_ASCII);
    try {
      byte[] bytes =
          text.indexOf('-') >= 0 || text.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(text)
              : Base64.getDecoder().decode(text);
      return bytes.length >= 2 && bytes.length <= MAX_BYTES ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
