package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Octets;

/**
 * Client (0x13, docs/protocol.md 2.2). Its TLV's first byte is {@code M|C|Ver(3)|Reserved(3)}: C =
 * 1 puts Contributable Storage Space (32 bits) first; Ver 0 = IPv4 (4 bytes), 1 = IPv6 (16 bytes)
 * for the client's address; nested TLVs (for example an Overlay Info) may follow.
 *
 * @param contributableStorage bytes offered to the host peer (unsigned 32 bits), or null when the
 *     client offers none (C = 0)
 * @param address 4 or 16 bytes
 */
public record ClientInfo(
    @Nullable Long contributableStorage, Octets address, List<Attribute> nested)
    implements Attribute {

  public static final int C_BIT = 0x40;

  public ClientInfo {
    if (contributableStorage != null
        && (contributableStorage < 0 || contributableStorage > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException(
          "Contributable Storage Space is 32 bits: " + contributableStorage);
    }
    if (address.length() != 4 && address.length() != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes: " + address.length());
    }
    nested = List.copyOf(nested);
    Attribute.checkValueLength(
        (contributableStorage != null ? 4 : 0) + address.length() + Attribute.encodedLength(nested),
        "Client");
  }

  public static ClientInfo of(InetAddress address) {
    return new ClientInfo(null, Octets.of(address.getAddress()), List.of());
  }

  public static ClientInfo withStorage(InetAddress address, long contributableStorage) {
    return new ClientInfo(contributableStorage, Octets.of(address.getAddress()), List.of());
  }

  /** Ver: 0 for IPv4, 1 for IPv6. */
  public int ipVersion() {
    return address.length() == 4 ? 0 : 1;
  }

  /** The first nested attribute of {@code type}, or null. */
  public <T extends Attribute> @Nullable T nested(Class<T> type) {
    for (Attribute attribute : nested) {
      if (type.isInstance(attribute)) {
        return type.cast(attribute);
      }
    }
    return null;
  }

  @Override
  public int firstByte() {
    return 0x80 | (contributableStorage != null ? C_BIT : 0) | ipVersion() << 3;
  }

  @Override
  public int type() {
    return AttributeType.CLIENT;
  }

  @Override
  public int valueLength() {
    return (contributableStorage != null ? 4 : 0)
        + address.length()
        + Attribute.encodedLength(nested);
  }

  @Override
  public void writeValue(ByteBuf out) {
    if (contributableStorage != null) {
      out.writeInt((int) (long) contributableStorage);
    }
    out.writeBytes(address.unsafeArray());
    for (Attribute attribute : nested) {
      attribute.writeTo(out);
    }
  }
}
