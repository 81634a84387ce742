package org.p2psip.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.p2psip.client.profile.Profiles;
import org.p2psip.load.LoadReport;
import org.p2psip.testsupport.ModuleBoundaries;

/**
 * The module rule of CONTRIBUTING.md for this module: the command line uses the SDK's public API
 * only (no internal package), no Spring, no service.
 */
class ModuleBoundariesTest {

  @Test
  void dependsOnlyOnWhatTheModuleRulesAllow() {
    ModuleBoundaries.assertIndependentOf(
        "org.p2psip.cli",
        ModuleBoundaries.plus(
            ModuleBoundaries.SERVICES, ModuleBoundaries.SPRING, ModuleBoundaries.SDK_INTERNALS));
  }

  /** The pattern services are kept from covers the SDK, the command line and the load tools. */
  @Test
  void theClientSidePatternCoversTheSdkTheCliAndTheLoadTools() {
    classes()
        .should()
        .resideInAPackage(ModuleBoundaries.SDK)
        .check(
            new ClassFileImporter()
                .importClasses(P2psipCommand.class, LoadReport.class, Profiles.class));
  }
}
