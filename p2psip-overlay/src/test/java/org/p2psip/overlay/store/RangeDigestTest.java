package org.p2psip.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Range;
import org.p2psip.protocol.value.UInt128;

/** The range digest and its buckets (docs/peer-protocol.md 5.6), against bytes written out here. */
class RangeDigestTest {

  private static final HexFormat HEX = HexFormat.of();

  private static Id128 id(String hex) {
    return Id128.fromHex(hex);
  }

  private static final Id128 OWNER = id("0102030405060708090a0b0c0d0e0f10");
  private static final Id128 HASH = id("50757c75df5238a07915930b73e3b916");

  @Test
  void theDigestOfNothingIsSha256OfNothing() {
    byte[] digest =
        RangeDigest.of(new Range(id("00".repeat(16)), id("ff".repeat(16))), 0, List.of());
    assertThat(HEX.formatHex(digest))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void oneVersionHashesItsSixtyFiveByteTuple() throws Exception {
    Id128 resource = id("45a6b241a242c97f0492d382c390dfa3");
    DigestEntry entry =
        new DigestEntry(new ObjectKey(resource, OWNER, HASH), new Version(0x0102, true, 0x0304));
    // The tuple written out by hand: Resource-ID | Owner | Hash | Storage Time | Expiry | T.
    String tuple =
        "45a6b241a242c97f0492d382c390dfa3"
            + "0102030405060708090a0b0c0d0e0f10"
            + "50757c75df5238a07915930b73e3b916"
            + "0000000000000102"
            + "0000000000000304"
            + "01";
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(tuple));
    Range range = new Range(id("40".repeat(16)), id("50".repeat(16)));
    assertThat(RangeDigest.of(range, 0x0200, List.of(entry))).isEqualTo(expected);
    assertThat(RangeDigest.count(range, 0x0200, List.of(entry))).isEqualTo(1);
  }

  @Test
  void theCutoffRangeAndOrderDecideWhatIsHashed() throws Exception {
    Range range = new Range(id("40".repeat(16)), id("50".repeat(16)));
    Id128 low = id("41000000000000000000000000000000");
    Id128 high = id("4f000000000000000000000000000000");
    DigestEntry first =
        new DigestEntry(new ObjectKey(low, OWNER, HASH), new Version(10, false, 100));
    DigestEntry second =
        new DigestEntry(new ObjectKey(high, OWNER, HASH), new Version(20, false, 100));
    DigestEntry tooNew =
        new DigestEntry(new ObjectKey(high, HASH, OWNER), new Version(60, false, 100));
    DigestEntry expired =
        new DigestEntry(new ObjectKey(low, HASH, HASH), new Version(10, false, 50));
    DigestEntry outside =
        new DigestEntry(
            new ObjectKey(id("51000000000000000000000000000000"), OWNER, HASH),
            new Version(10, false, 100));
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(tuple(first));
    sha256.update(tuple(second));
    byte[] expected = sha256.digest();
    // Given in any order, with entries that the cutoff (50) or the range leave out.
    assertThat(RangeDigest.of(range, 50, List.of(outside, second, tooNew, expired, first)))
        .isEqualTo(expected);
  }

  private static byte[] tuple(DigestEntry entry) {
    return HEX.parseHex(
        entry.key().resourceId().hex()
            + entry.key().owner().hex()
            + entry.key().hash().hex()
            + String.format("%016x", entry.version().storageTime())
            + String.format("%016x", entry.version().expiry())
            + (entry.version().tombstone() ? "01" : "00"));
  }

  @Test
  void bucketsSplitTheRangeIntoSixteenParts() {
    Range whole = Range.wholeRing(id("00".repeat(16)));
    assertThat(RangeDigest.bucket(whole, 0))
        .isEqualTo(new Range(id("00".repeat(16)), id("10" + "00".repeat(15))));
    assertThat(RangeDigest.bucket(whole, 15))
        .isEqualTo(new Range(id("f0" + "00".repeat(15)), id("00".repeat(16))));
    // (2^128 - 16, 16]: width 32, two IDs per bucket, wrapping past zero.
    Id128 start = UInt128.of(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.valueOf(16))).toId();
    Range wrapping = new Range(start, UInt128.of(BigInteger.valueOf(16)).toId());
    assertThat(RangeDigest.bucket(wrapping, 8))
        .isEqualTo(new Range(id("00".repeat(16)), UInt128.of(BigInteger.TWO).toId()));
    assertThat(RangeDigest.bucketOf(wrapping, UInt128.of(BigInteger.ONE).toId())).isEqualTo(8);
    assertThat(RangeDigest.bucketOf(wrapping, UInt128.of(BigInteger.TWO).toId())).isEqualTo(8);
    assertThat(RangeDigest.bucketOf(wrapping, UInt128.of(BigInteger.valueOf(3)).toId()))
        .isEqualTo(9);
    assertThat(RangeDigest.bucketOf(whole, id("00".repeat(16)))).isEqualTo(15);
  }

  @Test
  void bucketDigestsHashEachBucketsVersionsOnly() {
    Range range = Range.wholeRing(id("00".repeat(16)));
    DigestEntry inBucket3 =
        new DigestEntry(
            new ObjectKey(id("3a" + "00".repeat(15)), OWNER, HASH), new Version(1, false, 100));
    byte[] buckets = RangeDigest.bucketDigests(range, 50, List.of(inBucket3));
    assertThat(buckets).hasSize(512);
    byte[] empty = RangeDigest.of(range, 50, List.of());
    for (int i = 0; i < 16; i++) {
      byte[] bucket = Arrays.copyOfRange(buckets, 32 * i, 32 * (i + 1));
      assertThat(bucket).isEqualTo(i == 3 ? RangeDigest.of(range, 50, List.of(inBucket3)) : empty);
    }
  }
}
