package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2psip.overlay.store.ObjectKey;
import org.p2psip.overlay.store.StoredVersion;
import org.p2psip.overlay.store.Version;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Repair (docs/peer-protocol.md 5.7) of a responsibility range that wraps past zero, with more
 * records than one INVENTORY page holds: a replica that lacks one in ten gets them all in one
 * repair round. Found by the ring benchmark with 100,000 records: pages were ordered by value
 * rather than along the ring, so in the bucket that wraps a page's arc spanned nearly the whole
 * ring and repair of that range crawled (a few versions a second).
 */
class WrappingRangeRepairSimulationTest {

  private static final int RECORDS = 12_000; // some 750 per bucket: two pages each

  private static Id128 id(String hexPrefix) {
    return Id128.fromHex(hexPrefix + "0".repeat(32 - hexPrefix.length()));
  }

  @Test
  void aReplicaMissingSomeRecordsOfAWrappingRangeGetsThemAllInOneRound() {
    SimNetwork network = new SimNetwork(7, SimNetwork.settings());
    // a's responsibility (c, a] wraps past zero; b and c are its replicas (R = 3)
    SimNetwork.SimNode a = network.add(id("10"));
    SimNetwork.SimNode b = network.add(id("60"));
    SimNetwork.SimNode c = network.add(id("b0"));
    ConvergedRing.start(List.of(a, b, c), 4);
    network.time.advance(2_000);

    Random random = new Random(7);
    long now = network.time.now();
    List<StoredVersion> records = new ArrayList<>();
    BigInteger start = new BigInteger("b0" + "0".repeat(30), 16);
    BigInteger width =
        BigInteger.ONE
            .shiftLeft(128)
            .subtract(start)
            .add(new BigInteger("10" + "0".repeat(30), 16));
    for (int i = 0; i < RECORDS; i++) {
      BigInteger offset = new BigInteger(127, random).mod(width).add(BigInteger.ONE);
      BigInteger value = start.add(offset).mod(BigInteger.ONE.shiftLeft(128));
      Id128 resourceId = Id128.fromHex(String.format("%032x", value));
      Octets content = Octets.utf8("sip:user" + i + "@example.org");
      records.add(
          new StoredVersion(
              new ObjectKey(resourceId, id("ab"), Id128.random(random)),
              new Version(now - 60_000, false, now + 3_600_000),
              ValueType.SIP_CONTACT_URI.code(),
              content));
    }
    for (int i = 0; i < records.size(); i++) {
      StoredVersion version = records.get(i);
      a.store.objects.put(version.key(), version);
      b.store.objects.put(version.key(), version);
      if (i % 10 != 0) {
        c.store.objects.put(version.key(), version); // c lacks one record in ten
      }
    }
    assertThat(c.store.objects).hasSize(RECORDS - RECORDS / 10);

    // one repair interval (60 s, jittered) and time for the round itself
    network.time.advance(90_000);
    assertThat(c.store.objects).hasSize(RECORDS);

    assertThat(c.store.objects.keySet())
        .as("the replica's copies after one repair round")
        .containsExactlyInAnyOrderElementsOf(records.stream().map(StoredVersion::key).toList());
  }
}
