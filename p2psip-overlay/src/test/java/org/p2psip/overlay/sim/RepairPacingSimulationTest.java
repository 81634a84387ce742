package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.overlay.node.StorageLimits;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/**
 * DATA batches of a handover are paced at {@code repair-rate} (docs/peer-protocol.md 5.7, 8.3), in
 * virtual time: 2.4 MB handed to a joiner at 1 MB/s take at least 2 s, and the joiner is admitted
 * only then, holding every record.
 */
class RepairPacingSimulationTest {

  private static final int RECORDS = 300;
  private static final int VALUE_BYTES = 8_000;

  @ParameterizedTest
  @ValueSource(longs = {1L << 20, 4L << 20})
  void aHandoverTakesAtLeastItsBytesAtTheRepairRate(long bytesPerSecond) {
    Random random = new Random(31);
    SimNetwork network = new SimNetwork(31, SimNetwork.settings());
    StorageLimits defaults = StorageLimits.DEFAULTS;
    network.limits =
        new StorageLimits(
            defaults.maxValueBytes(),
            defaults.maxObjectsPerResource(),
            defaults.lifetimes(),
            defaults.replicaTimeoutMillis(),
            defaults.maxClockSkewMillis(),
            defaults.repairIntervalMillis(),
            defaults.handoverGraceMillis(),
            bytesPerSecond);
    SimNetwork.SimNode seed = network.add(Id128.random(random), true);
    seed.overlay.start(List.of());
    network.time.advance(1_000);
    Id128 owner = Id128.random(random);
    int[] stored = {0};
    for (int record = 0; record < RECORDS; record++) {
      Id128 resource = ResourceIds.of("big" + record + "@pacing.example.org");
      byte[] value = new byte[VALUE_BYTES];
      random.nextBytes(value);
      seed.overlay.originate(
          Message.of(
              Header.peerRequest(MessageType.PUT, record, seed.id, resource).withTtl(32),
              seed.overlay.self(),
              ResourceInfo.put(ValueType.OPAQUE, resource, 3600, owner, Octets.wrap(value))),
          answer -> {
            if (answer.response().code() == ResponseCode.OK.code()) {
              stored[0]++;
            }
          });
    }
    network.time.advance(5_000);
    assertThat(stored[0]).isEqualTo(RECORDS);

    SimNetwork.SimNode joiner = network.add(Id128.random(random));
    long started = network.time.now();
    joiner.overlay.start(List.of(seed.address));
    while (joiner.overlay.phase() != NodePhase.JOINED && network.time.now() - started < 60_000) {
      network.time.advance(10);
    }
    long took = network.time.now() - started;
    long minimum = (long) RECORDS * VALUE_BYTES * 1000 / bytesPerSecond;
    assertThat(joiner.overlay.phase()).isEqualTo(NodePhase.JOINED);
    assertThat(took)
        .as("%d bytes at %d B/s, admitted after %d ms", RECORDS * VALUE_BYTES, bytesPerSecond, took)
        .isGreaterThanOrEqualTo(minimum * 9 / 10);
    assertThat(joiner.store.objects).hasSize(RECORDS);
  }
}
