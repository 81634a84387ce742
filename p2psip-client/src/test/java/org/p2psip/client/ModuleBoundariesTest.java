package org.p2psip.client;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the SDK and CLI: usable without Spring, never
 * a service's classes.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.client",
        ModuleBoundaries.plus(ModuleBoundaries.SERVICES, ModuleBoundaries.SPRING));
  }
}
