package org.p2psip.protocol.attribute;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Negotiation Info (0x06, docs/peer-protocol.md 2.3): what a TRANSFER is about. Value of 56 bytes,
 * 88 with a Digest (DIGEST only), or 600 with 16 bucket digests as well (a DIGEST answer that does
 * not match):
 *
 * <pre>
 *  byte 0      Mode: 1 OFFER, 2 DATA, 3 DIGEST, 4 INVENTORY
 *  byte 1      Reason: 1 replicate, 2 join handover, 3 leave handover, 4 repair
 *  byte 2      Flags: 0x80 L = last; other bits 0
 *  byte 3      Reserved (0)
 *  byte 4-7    Transfer-ID
 *  byte 8-23   Range start (exclusive)
 *  byte 24-39  Range end (inclusive)
 *  byte 40-47  Cutoff: ms since the Unix epoch (DIGEST, INVENTORY); 0 otherwise
 *  byte 48-51  Count
 *  byte 52-55  Bytes (OFFER); 0 otherwise
 *  byte 56-87  Digest (DIGEST only)
 *  byte 88-599 16 bucket digests of 32 bytes
 * </pre>
 *
 * @param transferId unsigned 32 bits, the same in every message of a transfer (0: replicate)
 * @param cutoff unsigned 64 bits, kept as the raw {@code long}
 * @param count unsigned 32 bits
 * @param bytes unsigned 32 bits
 * @param digest the 32-byte Digest; present iff the Mode is DIGEST
 * @param bucketDigests empty, or 16 digests of 32 bytes (only with a Digest)
 */
public record NegotiationInfo(
    Mode mode,
    Reason reason,
    boolean last,
    long transferId,
    Id128 rangeStart,
    Id128 rangeEnd,
    long cutoff,
    long count,
    long bytes,
    @Nullable Octets digest,
    List<Octets> bucketDigests)
    implements Attribute {

  /** Value length without a Digest. */
  public static final int BASE_LENGTH = 56;

  /** Value length with a Digest. */
  public static final int DIGEST_LENGTH = 88;

  /** Value length with a Digest and the bucket digests. */
  public static final int BUCKETS_LENGTH = 600;

  /** Bytes of one digest (SHA-256). */
  public static final int DIGEST_SIZE = 32;

  /** Bucket digests in a 600-byte Value. */
  public static final int BUCKETS = 16;

  /** The L flag in the Flags byte. */
  public static final int L_FLAG = 0x80;

  public NegotiationInfo {
    if (transferId < 0 || transferId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Transfer-ID is 32 bits: " + transferId);
    }
    if (count < 0 || count > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Count is 32 bits: " + count);
    }
    if (bytes < 0 || bytes > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Bytes is 32 bits: " + bytes);
    }
    if ((mode == Mode.DIGEST) != (digest != null)) {
      throw new IllegalArgumentException("a Digest is carried by the DIGEST mode, and only by it");
    }
    if (digest != null && digest.length() != DIGEST_SIZE) {
      throw new IllegalArgumentException("a Digest has 32 bytes: " + digest.length());
    }
    bucketDigests = List.copyOf(bucketDigests);
    if (!bucketDigests.isEmpty()) {
      if (digest == null || bucketDigests.size() != BUCKETS) {
        throw new IllegalArgumentException("bucket digests: 16, after a Digest");
      }
      for (Octets bucket : bucketDigests) {
        if (bucket.length() != DIGEST_SIZE) {
          throw new IllegalArgumentException("a bucket digest has 32 bytes: " + bucket.length());
        }
      }
    }
  }

  @Override
  public int type() {
    return AttributeType.NEGOTIATION_INFO;
  }

  @Override
  public int valueLength() {
    if (digest == null) {
      return BASE_LENGTH;
    }
    return bucketDigests.isEmpty() ? DIGEST_LENGTH : BUCKETS_LENGTH;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeByte(mode.code());
    out.writeByte(reason.code());
    out.writeByte(last ? L_FLAG : 0);
    out.writeByte(0);
    out.writeInt((int) transferId);
    out.writeBytes(rangeStart.unsafeArray());
    out.writeBytes(rangeEnd.unsafeArray());
    out.writeLong(cutoff);
    out.writeInt((int) count);
    out.writeInt((int) bytes);
    if (digest != null) {
      out.writeBytes(digest.unsafeArray());
    }
    for (Octets bucket : bucketDigests) {
      out.writeBytes(bucket.unsafeArray());
    }
  }

  /** What a TRANSFER message does (byte 0). */
  public enum Mode {
    OFFER(1),
    DATA(2),
    DIGEST(3),
    INVENTORY(4);

    private final int code;

    Mode(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The mode with this number, or null for any other. */
    public static @Nullable Mode fromCode(int code) {
      return code >= 1 && code <= values().length ? values()[code - 1] : null;
    }
  }

  /** Why a transfer happens (byte 1). */
  public enum Reason {
    REPLICATE(1),
    JOIN_HANDOVER(2),
    LEAVE_HANDOVER(3),
    REPAIR(4);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The reason with this number, or null for any other. */
    public static @Nullable Reason fromCode(int code) {
      return code >= 1 && code <= values().length ? values()[code - 1] : null;
    }
  }
}
