package org.p2psip.store;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: what services share: never the SDK, never a
 * service.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.store", ModuleBoundaries.plus(ModuleBoundaries.SERVICES, ModuleBoundaries.SDK));
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.loop", ModuleBoundaries.plus(ModuleBoundaries.SERVICES, ModuleBoundaries.SDK));
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.problem",
        ModuleBoundaries.plus(ModuleBoundaries.SERVICES, ModuleBoundaries.SDK));
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.forwarding",
        ModuleBoundaries.plus(ModuleBoundaries.SERVICES, ModuleBoundaries.SDK));
  }
}
