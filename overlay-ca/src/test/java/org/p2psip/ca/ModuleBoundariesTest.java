package org.p2psip.ca;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the overlay CA's issuing code: no Spring, no
 * SDK, no service.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.ca",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES, ModuleBoundaries.SPRING, ModuleBoundaries.SDK));
  }
}
