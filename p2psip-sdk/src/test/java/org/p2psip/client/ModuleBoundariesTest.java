package org.p2psip.client;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the SDK is a plain library: no Spring, never
 * a service's classes, and neither the command line (nor picocli) nor the load tools built on it.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.client",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES,
            ModuleBoundaries.SPRING,
            ModuleBoundaries.PICOCLI,
            ModuleBoundaries.CLI,
            ModuleBoundaries.LOAD));
  }
}
