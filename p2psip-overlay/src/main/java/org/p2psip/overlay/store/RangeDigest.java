package org.p2psip.overlay.store;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;
import org.p2psip.protocol.value.Ring;
import org.p2psip.protocol.value.UInt128;

/**
 * The digest of a range at a cutoff (docs/peer-protocol.md 5.6) and its 16 buckets, with which two
 * replicas find out cheaply whether, and where, their stores differ.
 */
public final class RangeDigest {

  /** Resource-ID | Owner | Hash | Storage Time | Expiry | T. */
  public static final int TUPLE_LENGTH = 65;

  public static final int BUCKETS = 16;

  private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

  private RangeDigest() {}

  /**
   * SHA-256 over the tuples of the versions with Resource-ID in {@code range}, Storage Time at or
   * before {@code cutoff} and Expiry after it, in ascending {@link ObjectKey} order.
   */
  public static byte[] of(Range range, long cutoff, Collection<DigestEntry> entries) {
    return hash(included(range, cutoff, entries));
  }

  /** SHA-256 over the tuples of {@code sorted}, which is already filtered and in digest order. */
  private static byte[] hash(List<DigestEntry> sorted) {
    MessageDigest sha256 = sha256();
    ByteBuffer tuple = ByteBuffer.allocate(TUPLE_LENGTH);
    for (DigestEntry entry : sorted) {
      tuple.clear();
      tuple.put(entry.key().toBytes());
      tuple.putLong(entry.version().storageTime());
      tuple.putLong(entry.version().expiry());
      tuple.put((byte) (entry.version().tombstone() ? 1 : 0));
      sha256.update(tuple.array());
    }
    return sha256.digest();
  }

  /** How many versions {@link #of} covers: a DIGEST's Count. */
  public static int count(Range range, long cutoff, Collection<DigestEntry> entries) {
    return included(range, cutoff, entries).size();
  }

  /** The entries a digest covers, in digest order. */
  public static List<DigestEntry> included(
      Range range, long cutoff, Collection<DigestEntry> entries) {
    List<DigestEntry> included = new ArrayList<>();
    for (DigestEntry entry : entries) {
      Version version = entry.version();
      if (range.contains(entry.key().resourceId())
          && version.storageTime() <= cutoff
          && version.expiry() > cutoff) {
        included.add(entry);
      }
    }
    included.sort((a, b) -> a.key().compareTo(b.key()));
    return included;
  }

  /**
   * Bucket i (0-15) of (a, b]: (a + floor(i w / 16), a + floor((i + 1) w / 16)] mod 2^128, w = d(a,
   * b), or 2^128 for the whole ring. A bucket of a range narrower than 16 IDs can be empty; written
   * as a {@link Range} it would read as the whole ring, so membership goes through {@link
   * #bucketOf} instead.
   */
  public static Range bucket(Range range, int index) {
    checkIndex(index);
    BigInteger start = UInt128.of(range.start()).toBigInteger();
    BigInteger width = width(range);
    return new Range(
        UInt128.of(start.add(boundary(width, index)).mod(TWO_TO_128)).toId(),
        UInt128.of(start.add(boundary(width, index + 1)).mod(TWO_TO_128)).toId());
  }

  /** The bucket (0-15) of an ID inside {@code range}. */
  public static int bucketOf(Range range, Id128 id) {
    if (!range.contains(id)) {
      throw new IllegalArgumentException(id + " is not in " + range);
    }
    BigInteger width = width(range);
    BigInteger offset = Ring.distance(range.start(), id).toBigInteger();
    if (offset.signum() == 0) {
      offset = TWO_TO_128; // the whole ring (a, a]: a itself is its last ID
    }
    // The smallest i with offset <= floor((i + 1) w / 16).
    for (int i = 0; i < BUCKETS; i++) {
      if (offset.compareTo(boundary(width, i + 1)) <= 0) {
        return i;
      }
    }
    throw new IllegalStateException("offset beyond the range width: " + offset);
  }

  /** The 16 bucket digests of a range, concatenated: 512 bytes, as a DIGEST answer carries. */
  public static byte[] bucketDigests(Range range, long cutoff, Collection<DigestEntry> entries) {
    List<List<DigestEntry>> buckets = new ArrayList<>();
    for (int i = 0; i < BUCKETS; i++) {
      buckets.add(new ArrayList<>());
    }
    for (DigestEntry entry : included(range, cutoff, entries)) {
      buckets.get(bucketOf(range, entry.key().resourceId())).add(entry);
    }
    ByteBuffer all = ByteBuffer.allocate(BUCKETS * 32);
    for (List<DigestEntry> bucket : buckets) {
      all.put(hash(bucket));
    }
    return all.array();
  }

  private static BigInteger width(Range range) {
    return range.isWholeRing()
        ? TWO_TO_128
        : Ring.distance(range.start(), range.end()).toBigInteger();
  }

  /** floor(i w / 16). */
  private static BigInteger boundary(BigInteger width, int index) {
    return width.multiply(BigInteger.valueOf(index)).shiftRight(4);
  }

  private static void checkIndex(int index) {
    if (index < 0 || index >= BUCKETS) {
      throw new IllegalArgumentException("bucket index 0-15: " + index);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
