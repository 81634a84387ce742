package org.p2psip.probe;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the probe responder and prober: no Spring, no
 * SDK, no service.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.probe",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES, ModuleBoundaries.SPRING, ModuleBoundaries.SDK));
  }
}
