package org.p2psip.overlay;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for the overlay logic: no Spring, no SDK, no service, and no
 * I/O of its own (no Netty, no Reactor, no Redis client): the host peer brings those.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.overlay",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES,
            ModuleBoundaries.SPRING,
            ModuleBoundaries.SDK,
            "reactor..",
            "io.netty..",
            "io.lettuce.."));
  }
}
