package org.p2psip.protocol.reload;

import org.p2psip.protocol.value.Id128;

/**
 * An RFC 6940 Destination naming a node: {@code uint8 type (1 = node), uint8 length (16), Node-ID}.
 * DisCo's destination lists hold only node destinations.
 */
public record Destination(Id128 nodeId) {

  public static final int TYPE_NODE = 1;
  public static final int ENCODED_LENGTH = 2 + Id128.LENGTH;

  void writeTo(ReloadWriter out) {
    out.uint8(TYPE_NODE).uint8(Id128.LENGTH).bytes(nodeId.unsafeArray());
  }

  static Destination readFrom(ReloadReader in) {
    int type = in.uint8("destination type");
    if (type != TYPE_NODE) {
      throw new ReloadDecodingException("destination type " + type + " is not node (1)");
    }
    int length = in.uint8("destination length");
    if (length != Id128.LENGTH) {
      throw new ReloadDecodingException("a node destination has 16 bytes, not " + length);
    }
    return new Destination(Id128.wrap(in.bytes(Id128.LENGTH, "destination Node-ID")));
  }
}
