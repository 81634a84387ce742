package org.p2psip.trust;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: what services check certificates against: no
 * SDK, no service.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.trust", ModuleBoundaries.plus(ModuleBoundaries.SERVICES, ModuleBoundaries.SDK));
  }
}
