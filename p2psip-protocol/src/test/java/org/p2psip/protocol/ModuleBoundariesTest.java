package org.p2psip.protocol;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the wire library every client ships: no
 * Spring, no SDK, no service, no service support.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.protocol",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES,
            ModuleBoundaries.SPRING,
            ModuleBoundaries.SDK,
            "org.p2psip.trust..",
            "org.p2psip.store..",
            "org.p2psip.probe.."));
  }
}
