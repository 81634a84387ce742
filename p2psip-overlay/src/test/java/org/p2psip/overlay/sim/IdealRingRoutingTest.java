package org.p2psip.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psip.overlay.routing.HopCondition;
import org.p2psip.overlay.routing.NextHop;
import org.p2psip.overlay.routing.Route;
import org.p2psip.protocol.value.Id128;

/**
 * The next-hop rules of docs/peer-protocol.md 3.3 on converged rings of 10 to 10,000 peers: every
 * lookup from a random peer for a random key ends at the responsible peer within the TTL, and the
 * hop counts are reported against (1/2) log2 N, Chord's expectation (target/simulation/hops.txt).
 */
class IdealRingRoutingTest {

  private static final int LOOKUPS = 2_000;
  private static final int INITIAL_TTL = 32;

  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1_000, 10_000})
  void everyLookupReachesTheResponsiblePeer(int size) throws IOException {
    Random random = new Random(size);
    IdealRing ring = new IdealRing(size, 4, random);
    int[] hops = new int[LOOKUPS];
    for (int lookup = 0; lookup < LOOKUPS; lookup++) {
      Id128 key = Id128.random(random);
      Id128 at = ring.peers.get(random.nextInt(size));
      int hop = 0;
      while (true) {
        Route route = NextHop.forKey(ring.states.get(at), key, HopCondition.ALL_USABLE);
        if (route instanceof Route.Next next) {
          at = next.peer();
          hop++;
          assertThat(hop).as("hops for key %s", key).isLessThan(INITIAL_TTL);
        } else {
          assertThat(route).isEqualTo(Route.LOCAL);
          break;
        }
      }
      assertThat(at).as("the peer a lookup for %s ends at", key).isEqualTo(ring.responsible(key));
      hops[lookup] = hop;
    }
    Arrays.sort(hops);
    double mean = Arrays.stream(hops).average().orElseThrow();
    int p99 = hops[(int) Math.ceil(0.99 * LOOKUPS) - 1];
    double halfLog = 0.5 * Math.log(size) / Math.log(2);
    report(
        String.format(
            "N=%d lookups=%d mean=%.2f p99=%d max=%d (1/2)log2N=%.2f",
            size, LOOKUPS, mean, p99, hops[LOOKUPS - 1], halfLog));
    // Chord's bound: O(log N) hops; the fixed seeds make these figures deterministic.
    assertThat(mean).isLessThanOrEqualTo(halfLog + 1.5);
    assertThat(hops[LOOKUPS - 1]).isLessThanOrEqualTo((int) Math.ceil(2 * halfLog) + 2);
  }

  private static void report(String line) throws IOException {
    System.out.println("[routing simulation] " + line);
    Path file = Path.of("target", "simulation", "hops.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
