package org.p2psip.protocol.reload;

import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A network coordinate as DisCo carries it (docs/protocol.md 4.2): {@code uint8 version = 1, uint8
 * dimensions N, N x float64}. In a SIP Contact it travels as the {@code coord} URI parameter,
 * base64url without padding (this project's choice: plain base64's '+', '/' and '=' would need
 * escaping in a URI parameter); both alphabets are accepted when reading.
 */
public final class Coordinate {

  public static final int VERSION = 1;
  public static final int MAX_DIMENSIONS = 255;

  private final double[] values;

  private Coordinate(double[] values) {
    this.values = values;
  }

  public static Coordinate of(double... values) {
    if (values.length > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("at most 255 dimensions: " + values.length);
    }
    for (double value : values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("coordinates are finite numbers: " + value);
      }
    }
    return new Coordinate(values.clone());
  }

  public int dimensions() {
    return values.length;
  }

  public double get(int dimension) {
    return values[dimension];
  }

  public double[] toArray() {
    return values.clone();
  }

  /** Euclidean distance; both coordinates must have the same number of dimensions. */
  public double distanceTo(Coordinate other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "dimensions differ: " + values.length + " and " + other.values.length);
    }
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - other.values[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  public byte[] encode() {
    ReloadWriter out = new ReloadWriter(2 + 8 * values.length);
    out.uint8(VERSION).uint8(values.length);
    for (double value : values) {
      out.uint64(Double.doubleToRawLongBits(value));
    }
    return out.toByteArray();
  }

  public static Coordinate decode(byte[] bytes) {
    ReloadReader in = new ReloadReader(bytes);
    int version = in.uint8("coordinate version");
    if (version != VERSION) {
      throw new ReloadDecodingException("coordinate version " + version + " is not 1");
    }
    int dimensions = in.uint8("coordinate dimensions");
    if (in.remaining() != 8 * dimensions) {
      throw new ReloadDecodingException(
          dimensions + " dimensions need " + 8 * dimensions + " bytes, got " + in.remaining());
    }
    double[] values = new double[dimensions];
    for (int i = 0; i < dimensions; i++) {
      values[i] = Double.longBitsToDouble(in.uint64("coordinate value"));
      if (!Double.isFinite(values[i])) {
        throw new ReloadDecodingException("coordinate value " + i + " is not finite");
      }
    }
    return new Coordinate(values);
  }

  /** The value of a SIP Contact's {@code coord} parameter. */
  public String toContactParameter() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(encode());
  }

  public static Coordinate fromContactParameter(String parameter) {
    String urlSafe = parameter.replace('+', '-').replace('/', '_');
    int end = urlSafe.length();
    while (end > 0 && urlSafe.charAt(end - 1) == '=') {
      end--;
    }
    try {
      return decode(Base64.getUrlDecoder().decode(urlSafe.substring(0, end)));
    } catch (IllegalArgumentException e) {
      throw new ReloadDecodingException("coord parameter is not base64", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Coordinate that && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
