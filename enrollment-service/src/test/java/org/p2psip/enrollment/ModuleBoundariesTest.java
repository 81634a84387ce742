package org.p2psip.enrollment;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: a service: never the SDK, never another
 * service.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.enrollment",
        ModuleBoundaries.plus(
            ModuleBoundaries.otherServices("org.p2psip.enrollment"), ModuleBoundaries.SDK));
  }
}
