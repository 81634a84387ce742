package org.p2psip.netcoord;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: network coordinates: a library on its own, no
 * Spring, no SDK, no service, no command line (picocli: its tool is {@code p2psip netcoord}).
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.netcoord",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES,
            ModuleBoundaries.SPRING,
            ModuleBoundaries.SDK,
            ModuleBoundaries.PICOCLI,
            "org.p2psip.protocol.."));
  }
}
