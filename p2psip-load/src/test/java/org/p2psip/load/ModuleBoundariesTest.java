package org.p2psip.load;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the load tools use the SDK's public API, no
 * Spring, no service, and neither the command line that runs them nor picocli.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.load",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES,
            ModuleBoundaries.SPRING,
            ModuleBoundaries.PICOCLI,
            ModuleBoundaries.CLI,
            ModuleBoundaries.SDK_INTERNALS));
  }
}
