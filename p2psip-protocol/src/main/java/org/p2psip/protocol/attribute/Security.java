package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Octets;

/**
 * Security (0x14, docs/protocol.md 2.3): a composite of sub-attributes in the TLV format, written
 * in the order 1 Auth &amp; Crypto Type, 2 Username, 3 Password, 4 Challenge. Each component is
 * null when its sub-attribute is absent.
 *
 * @param authType with {@code cryptoType}, sub-attribute 1; both null or both set
 * @param username sub-attribute 2, UTF-8
 * @param password sub-attribute 3: the PAP password (UTF-8) or the 32-byte CHAP response
 * @param challenge sub-attribute 4
 */
public record Security(
    @Nullable AuthType authType,
    @Nullable CryptoType cryptoType,
    @Nullable String username,
    @Nullable Octets password,
    @Nullable Octets challenge)
    implements Attribute {

  public Security {
    if ((authType == null) != (cryptoType == null)) {
      throw new IllegalArgumentException("Auth Type and Crypto Type travel together");
    }
    Attribute.checkValueLength(contentLength(authType, username, password, challenge), "Security");
  }

  /** The 404 answer's demand: authenticate with CHAP over this challenge. */
  public static Security chapChallenge(Octets challenge) {
    return new Security(AuthType.CHAP, CryptoType.NONE, null, null, challenge);
  }

  /** A client's CHAP answer. */
  public static Security chapResponse(String username, Octets response) {
    return new Security(AuthType.CHAP, CryptoType.NONE, username, response, null);
  }

  private static int contentLength(
      @Nullable AuthType authType,
      @Nullable String username,
      @Nullable Octets password,
      @Nullable Octets challenge) {
    return (authType != null ? Attribute.HEADER_LENGTH + 2 : 0)
        + (username != null
            ? Attribute.HEADER_LENGTH + username.getBytes(StandardCharsets.UTF_8).length
            : 0)
        + (password != null ? Attribute.HEADER_LENGTH + password.length() : 0)
        + (challenge != null ? Attribute.HEADER_LENGTH + challenge.length() : 0);
  }

  @Override
  public int type() {
    return AttributeType.SECURITY;
  }

  @Override
  public int valueLength() {
    return contentLength(authType, username, password, challenge);
  }

  @Override
  public void writeValue(ByteBuf out) {
    if (authType != null) {
      writeSubHeader(out, AttributeType.SECURITY_AUTH_CRYPTO, 2);
      out.writeByte(authType.code());
      out.writeByte(cryptoType.code());
    }
    if (username != null) {
      byte[] utf8 = username.getBytes(StandardCharsets.UTF_8);
      writeSubHeader(out, AttributeType.SECURITY_USERNAME, utf8.length);
      out.writeBytes(utf8);
    }
    if (password != null) {
      writeSubHeader(out, AttributeType.SECURITY_PASSWORD, password.length());
      out.writeBytes(password.unsafeArray());
    }
    if (challenge != null) {
      writeSubHeader(out, AttributeType.SECURITY_CHALLENGE, challenge.length());
      out.writeBytes(challenge.unsafeArray());
    }
  }

  private static void writeSubHeader(ByteBuf out, int subType, int length) {
    out.writeByte(0x80);
    out.writeByte(subType);
    out.writeShort(length);
  }

  /** Auth Type: how the client proves who it is. */
  public enum AuthType {
    NONE(0),
    PAP(1),
    CHAP(2);

    private final int code;

    AuthType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static @Nullable AuthType fromCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : null;
    }
  }

  /** Crypto Type: DES and RC4 are named by the draft and always refused here (409, "use TLS"). */
  public enum CryptoType {
    NONE(0),
    DES(1),
    RC4(2);

    private final int code;

    CryptoType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static @Nullable CryptoType fromCode(int code) {
      return code >= 0 && code < values().length ? values()[code] : null;
    }
  }
}
