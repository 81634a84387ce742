package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Resource Info (0x05, docs/protocol.md 2.1): {@code E|O|H|C(4) ValueType(12) ValueLength(16)},
 * Resource-ID, then the optional Expiration Time, Owner Identity, Hash Code and Value Content whose
 * presence the four flags announce. A null component is absent and its flag clear.
 *
 * @param valueType 12 bits, see {@link ValueType}; unassigned numbers are carried, not rejected
 * @param expiration remaining lifetime in seconds (unsigned 32 bits), or null
 * @param owner Node-ID of the owner, or null
 * @param contentHash the Hash Code: first 16 bytes of SHA-256 of the content, or null
 * @param content the Value Content, or null (a refresh or a query)
 */
public record ResourceInfo(
    int valueType,
    Id128 resourceId,
    @Nullable Long expiration,
    @Nullable Id128 owner,
    @Nullable Octets contentHash,
    @Nullable Octets content)
    implements Attribute {

  public static final int E_FLAG = 0x8;
  public static final int O_FLAG = 0x4;
  public static final int H_FLAG = 0x2;
  public static final int C_FLAG = 0x1;
  public static final int HASH_LENGTH = 16;

  /** Bytes before the optional fields: flags/type, Value Length, Resource-ID. */
  public static final int FIXED_LENGTH = 4 + Id128.LENGTH;

  public ResourceInfo {
    if (valueType < 0 || valueType > 0xFFF) {
      throw new IllegalArgumentException("Value Type is 12 bits: " + valueType);
    }
    if (resourceId == null) {
      throw new IllegalArgumentException("Resource Info needs a Resource-ID");
    }
    if (expiration != null && (expiration < 0 || expiration > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("Expiration Time is 32 bits: " + expiration);
    }
    if (contentHash != null && contentHash.length() != HASH_LENGTH) {
      throw new IllegalArgumentException("Hash Code has 16 bytes: " + contentHash.length());
    }
    Attribute.checkValueLength(
        FIXED_LENGTH
            + (expiration != null ? 4 : 0)
            + (owner != null ? Id128.LENGTH : 0)
            + (contentHash != null ? HASH_LENGTH : 0)
            + (content != null ? content.length() : 0),
        "Resource Info");
  }

  /** A Put of {@code content} with its hash code filled in. */
  public static ResourceInfo put(
      ValueType valueType, Id128 resourceId, long lifetimeSeconds, Id128 owner, Octets content) {
    return new ResourceInfo(
        valueType.code(), resourceId, lifetimeSeconds, owner, hashOf(content), content);
  }

  /** A Get for every object under {@code resourceId}. */
  public static ResourceInfo query(ValueType valueType, Id128 resourceId) {
    return new ResourceInfo(valueType.code(), resourceId, null, null, null, null);
  }

  /** The Hash Code of a content: the first 16 bytes of its SHA-256. */
  public static Octets hashOf(Octets content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.unsafeArray());
      return Octets.wrap(Arrays.copyOf(digest, HASH_LENGTH));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The four flags E|O|H|C as the top nibble's value. */
  public int flags() {
    return (expiration != null ? E_FLAG : 0)
        | (owner != null ? O_FLAG : 0)
        | (contentHash != null ? H_FLAG : 0)
        | (content != null ? C_FLAG : 0);
  }

  /** True when the Hash Code is present and matches the content. */
  public boolean hashMatchesContent() {
    return contentHash != null && content != null && contentHash.equals(hashOf(content));
  }

  @Override
  public int type() {
    return AttributeType.RESOURCE_INFO;
  }

  @Override
  public int valueLength() {
    return FIXED_LENGTH
        + (expiration != null ? 4 : 0)
        + (owner != null ? Id128.LENGTH : 0)
        + (contentHash != null ? HASH_LENGTH : 0)
        + (content != null ? content.length() : 0);
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeShort(flags() << 12 | valueType);
    out.writeShort(content != null ? content.length() : 0);
    out.writeBytes(resourceId.unsafeArray());
    if (expiration != null) {
      out.writeInt((int) (long) expiration);
    }
    if (owner != null) {
      out.writeBytes(owner.unsafeArray());
    }
    if (contentHash != null) {
      out.writeBytes(contentHash.unsafeArray());
    }
    if (content != null) {
      out.writeBytes(content.unsafeArray());
    }
  }
}
