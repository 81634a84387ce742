package org.p2psip.hostpeer.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.overlay.store.Version;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** The binary value of a stored version, and the byte order of its stamp the scripts rely on. */
class VersionCodecTest {

  private static final ObjectKey KEY =
      new ObjectKey(Id128.random(), Id128.random(), Id128.random());

  @Test
  void liveVersionsWithAnyContentRoundTrip() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    for (Octets content : new Octets[] {Octets.wrap(everyByte), Octets.EMPTY, Octets.utf8("x")}) {
      StoredVersion live =
          new StoredVersion(
              KEY, new Version(1_700_000_000_000L, false, 1_700_003_600_000L), 1, content);
      assertThat(VersionCodec.decode(KEY, VersionCodec.encode(live))).isEqualTo(live);
    }
  }

  @Test
  void tombstonesRoundTripWithoutContentAndStayApartFromEmptyContent() {
    StoredVersion tombstone = new StoredVersion(KEY, new Version(5, true, 9), 0xFFFF, null);
    StoredVersion empty = new StoredVersion(KEY, new Version(5, false, 9), 0, Octets.EMPTY);
    assertThat(VersionCodec.decode(KEY, VersionCodec.encode(tombstone))).isEqualTo(tombstone);
    assertThat(VersionCodec.decode(KEY, VersionCodec.encode(empty)).content())
        .isEqualTo(Octets.EMPTY);
  }

  @Test
  void rejectsTruncatedOrExtendedValues() {
    byte[] value =
        VersionCodec.encode(
            new StoredVersion(KEY, new Version(10, false, 20), 1, Octets.utf8("content")));
    for (int length = 0; length < value.length; length++) {
      byte[] cut = Arrays.copyOf(value, length);
      assertThatThrownBy(() -> VersionCodec.decode(KEY, cut))
          .as("cut to %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(value, value.length + 1);
    assertThatThrownBy(() -> VersionCodec.decode(KEY, longer))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] tombstone =
        VersionCodec.encode(new StoredVersion(KEY, new Version(10, true, 20), 1, null));
    byte[] tombstoneWithTail = Arrays.copyOf(tombstone, tombstone.length + 1);
    assertThatThrownBy(() -> VersionCodec.decode(KEY, tombstoneWithTail))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAValueTypeBeyond16Bits() {
    StoredVersion wide = new StoredVersion(KEY, new Version(10, false, 20), 0x10000, Octets.EMPTY);
    assertThatThrownBy(() -> VersionCodec.encode(wide))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** apply-versions.lua compares the first 17 bytes unsigned: that must be Version order. */
  @Test
  void stampBytesCompareAsVersionsDo() {
    Random random = new Random(42);
    long[] times = {Long.MIN_VALUE, -1, 0, 1, 255, 256, 1L << 53, Long.MAX_VALUE - 1};
    for (int i = 0; i < 20_000; i++) {
      Version a = version(random, times);
      Version b = version(random, times);
      byte[] stampA = Arrays.copyOf(encode(a), VersionCodec.STAMP_BYTES);
      byte[] stampB = Arrays.copyOf(encode(b), VersionCodec.STAMP_BYTES);
      assertThat(Integer.signum(Arrays.compareUnsigned(stampA, stampB)))
          .as("%s vs %s", a, b)
          .isEqualTo(Integer.signum(a.compareTo(b)));
    }
  }

  @Test
  void timesCompareAsTheStampsExpiryDoes() {
    byte[] value = encode(new Version(10, false, 1_700_000_000_000L));
    byte[] expiry = Arrays.copyOfRange(value, 9, VersionCodec.STAMP_BYTES);
    assertThat(Arrays.compareUnsigned(expiry, VersionCodec.time(1_700_000_000_000L))).isZero();
    assertThat(Arrays.compareUnsigned(expiry, VersionCodec.time(1_700_000_000_001L))).isNegative();
    assertThat(Arrays.compareUnsigned(expiry, VersionCodec.time(1_699_999_999_999L))).isPositive();
  }

  private static Version version(Random random, long[] times) {
    long storageTime =
        random.nextBoolean() ? times[random.nextInt(times.length - 1)] : random.nextLong() >> 1;
    long expiry =
        storageTime + 1 + (random.nextBoolean() ? random.nextInt(3) : random.nextLong() >>> 2);
    if (expiry <= storageTime) {
      expiry = Long.MAX_VALUE;
    }
    return new Version(storageTime, random.nextBoolean(), expiry);
  }

  private static byte[] encode(Version version) {
    return VersionCodec.encode(new StoredVersion(KEY, version, 0, null));
  }
}
