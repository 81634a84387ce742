package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.message.ResponseCode;

/**
 * Response (0x07): Response Code (16) and an optional Sub-code (16); the Value length, 2 or 4,
 * tells which. The code is kept as a number so that codes from a newer peer survive decoding.
 *
 * @param subCode the sub-code, or null when absent
 */
public record ResponseAttribute(int code, @Nullable Integer subCode) implements Attribute {

  public ResponseAttribute {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("Response Code is 16 bits: " + code);
    }
    if (subCode != null && (subCode < 0 || subCode > 0xFFFF)) {
      throw new IllegalArgumentException("Sub-code is 16 bits: " + subCode);
    }
  }

  public static ResponseAttribute of(ResponseCode code) {
    return new ResponseAttribute(code.code(), null);
  }

  public static ResponseAttribute of(ResponseCode code, int subCode) {
    return new ResponseAttribute(code.code(), subCode);
  }

  /** The code as one of the table's, or null for a number the table does not have. */
  public @Nullable ResponseCode responseCode() {
    return ResponseCode.fromCode(code);
  }

  /** "200 OK", "409 Request Rejected (sub-code 3)". */
  @Override
  public String toString() {
    ResponseCode known = responseCode();
    return code
        + (known != null ? " " + known.reason() : "")
        + (subCode != null ? " (sub-code " + subCode + ")" : "");
  }

  @Override
  public int type() {
    return AttributeType.RESPONSE;
  }

  @Override
  public int valueLength() {
    return subCode == null ? 2 : 4;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeShort(code);
    if (subCode != null) {
      out.writeShort(subCode);
    }
  }
}
