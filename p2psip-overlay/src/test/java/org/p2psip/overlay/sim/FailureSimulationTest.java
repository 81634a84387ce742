package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.protocol.value.Id128;

/**
 * 10 % of a converged ring fails at once (docs/peer-protocol.md 4.4-4.6), in virtual time, with the
 * real node code: the survivors detect the dead, repair their lists by stabilization and reroute,
 * and every lookup succeeds again within a bounded number of stabilization rounds. Rounds and the
 * virtual time they took are written to target/simulation/failures.txt.
 */
class FailureSimulationTest {

  private static final int LIST_SIZE = 4;
  private static final int MAX_ROUNDS = 12;

  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1_000, 10_000})
  void everyLookupSucceedsAgainAfterTenPercentFail(int size) throws IOException {
    Random random = new Random(size * 31L);
    SimNetwork network = new SimNetwork(size, SimNetwork.settings());
    List<SimNetwork.SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(network.add(Id128.random(random)));
    }
    ConvergedRing.start(nodes, LIST_SIZE);
    network.time.advance(12_000);
    int lookupsPerRound = Math.min(500, 20 * size);
    RingChecks.Lookups before = RingChecks.lookups(network, lookupsPerRound, random);
    assertThat(before.correct()).as("lookups before the failures").isEqualTo(before.sent());

    List<SimNetwork.SimNode> victims = new ArrayList<>(nodes);
    Collections.shuffle(victims, random);
    for (SimNetwork.SimNode victim : victims.subList(0, Math.max(1, size / 10))) {
      network.crash(victim.id);
    }
    long crashedAt = network.time.now();
    int round = 0;
    RingChecks.Lookups lookups;
    do {
      round++;
      network.time.advance(10_000); // one stabilize interval per round
      lookups = RingChecks.lookups(network, lookupsPerRound, random);
    } while (lookups.correct() < lookups.sent() && round < MAX_ROUNDS);
    long virtualSeconds = (network.time.now() - crashedAt) / 1000;
    List<String> wrongLists = RingChecks.wrongSuccessorLists(network, LIST_SIZE);
    report(
        String.format(
            "N=%d failed=%d rounds=%d (%d s of virtual time, then %d lookups) correct=%d/%d"
                + " wrong successor lists after=%d",
            size,
            Math.max(1, size / 10),
            round,
            virtualSeconds,
            lookups.sent(),
            lookups.correct(),
            lookups.sent(),
            wrongLists.size()));
    assertThat(lookups.correct()).as("lookups after %d rounds", round).isEqualTo(lookups.sent());
  }

  private static void report(String line) throws IOException {
    System.out.println("[failure simulation] " + line);
    Path file = Path.of("target", "simulation", "failures.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
