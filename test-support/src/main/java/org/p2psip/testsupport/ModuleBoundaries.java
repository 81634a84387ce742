package org.p2psip.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;

/**
 * The module rules of CONTRIBUTING.md, checked on a module's own production classes by a test in
 * that module: what its code may not depend on. One place for the package names, so a module that
 * moves cannot slip past its rule.
 */
public final class ModuleBoundaries {

  /** Spring, which libraries never import. */
  public static final String SPRING = "org.springframework..";

  /**
   * The client side, which no service imports: the SDK ({@code org.p2psip.client}), the command
   * line ({@code org.p2psip.cli}) and the load tools ({@code org.p2psip.load}).
   */
  public static final String SDK = "org.p2psip.[client|cli|load]..";

  /** The command line, which neither the SDK nor the load tools import. */
  public static final String CLI = "org.p2psip.cli..";

  /** The load tools, which the SDK does not import. */
  public static final String LOAD = "org.p2psip.load..";

  /** picocli, the command line's parser: only the CLI imports it, no library, no SDK. */
  public static final String PICOCLI = "picocli..";

  /**
   * Packages of the SDK the CLI must not reach into: anything named {@code internal} (the SDK's
   * public API is everything else).
   */
  public static final String SDK_INTERNALS = "org.p2psip.client..internal..";

  /** The services' own packages: no service imports another, no library imports any. */
  public static final String[] SERVICES = {
    "org.p2psip.enrollment..",
    "org.p2psip.hostpeer..",
    "org.p2psip.registry..",
    "org.p2psip.landmark..",
    "org.p2psip.gateway.."
  };

  private ModuleBoundaries() {}

  /** The production classes (no tests, no jars) of {@code basePackage}. */
  public static JavaClasses productionClasses(String basePackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(basePackage);
  }

  /**
   * Fails, naming every offending dependency, when a production class of {@code basePackage}
   * depends on a class in any of {@code forbidden} (ArchUnit package patterns); also fails when the
   * module has no classes there at all, so a renamed package cannot make the rule vacuous.
   */
  public static void assertIndependentOf(String basePackage, String... forbidden) {
    JavaClasses classes = productionClasses(basePackage);
    if (classes.isEmpty()) {
      throw new AssertionError("no production classes in " + basePackage + ": is the rule stale?");
    }
    noClasses()
        .that()
        .resideInAPackage(basePackage + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("CONTRIBUTING.md, module rules")
        .check(classes);
  }

  /** {@code packages} and {@code more}, for a rule that names a group and a few more. */
  public static String[] plus(String[] packages, String... more) {
    String[] all = Arrays.copyOf(packages, packages.length + more.length);
    System.arraycopy(more, 0, all, packages.length, more.length);
    return all;
  }

  /** The service packages other than {@code own}. */
  public static String[] otherServices(String own) {
    return Arrays.stream(SERVICES).filter(p -> !p.equals(own + "..")).toArray(String[]::new);
  }
}
