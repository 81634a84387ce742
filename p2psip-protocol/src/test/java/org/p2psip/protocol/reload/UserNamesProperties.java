package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.p2psip.protocol.value.ResourceIds;

/**
 * The user-name grammar as a class of names, not examples: every way of writing a name that the
 * Resource-ID computation or a reader could fold into another name's (a scheme, whitespace, control
 * characters, letter case) is refused or canonicalises to that very name.
 */
class UserNamesProperties {

  @Provide
  Arbitrary<String> userNames() {
    Arbitrary<String> atom =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%+-")
            .ofMinLength(1)
            .ofMaxLength(12);
    Arbitrary<String> local = atom.list().ofMinSize(1).ofMaxSize(3).map(p -> String.join(".", p));
    Arbitrary<String> label =
        Combinators.combine(
                Arbitraries.strings().alpha().numeric().ofLength(1),
                Arbitraries.strings().withChars("abcdefgXYZ019-").ofMaxLength(8),
                Arbitraries.strings().alpha().numeric().ofLength(1))
            .as((a, b, c) -> a + b + c);
    Arbitrary<String> domain = label.list().ofMinSize(1).ofMaxSize(4).map(p -> String.join(".", p));
    return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
  }

  /** Ways of writing a name that some reader or the Resource-ID computation may ignore. */
  @Provide
  Arbitrary<String> disguises() {
    return Arbitraries.of(
        "sip:", "SIP:", "Sip:", "sips:", "tel:", "mailto:", "urn:", " ", "\t", "\n", "\r", "\u0000",
        "\u0007", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028", "\u200b", "\ufeff", "%20", "\"",
        "<", ">", "(", ")", ",", ";", ":", "/", "\\", "[", "]", "'", "@", "..", "\u212a", "\u0130",
        "\u0131", "\u017f");
  }

  @Property(tries = 2000)
  void everyDisguisedFormIsRefusedOrTheSameName(
      @ForAll("userNames") String name,
      @ForAll("disguises") String disguise,
      @ForAll("positions") double where) {
    String canonical = UserNames.canonical(name).orElseThrow();
    int at = (int) Math.floor(where * (name.length() + 1));
    String disguised = name.substring(0, at) + disguise + name.substring(at);
    Optional<String> accepted = UserNames.canonical(disguised);
    // refused, or (characters valid there, like "%20" in the local part) another name altogether
    accepted.ifPresent(
        other -> {
          assertThat(other).isNotEqualTo(canonical);
          assertThat(ResourceIds.of(other)).isNotEqualTo(ResourceIds.of(canonical));
        });
  }

  @Property(tries = 1000)
  void schemesAndWhitespaceAroundANameAreAlwaysRefused(
      @ForAll("userNames") String name, @ForAll("disguises") String disguise) {
    if (disguise.equals(".") || disguise.equals("%20")) {
      return;
    }
    assertThat(UserNames.problem(disguise + name)).isPresent();
    assertThat(UserNames.problem(name + disguise)).isPresent();
  }

  @Property(tries = 1000)
  void letterCaseNeverMakesASecondIdentity(@ForAll("userNames") String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    assertThat(UserNames.canonical(upper)).isEqualTo(UserNames.canonical(name));
    assertThat(UserNames.isCanonical(UserNames.canonical(name).orElseThrow())).isTrue();
    assertThat(UserNames.isCanonical(upper)).isEqualTo(upper.equals(name.toLowerCase(Locale.ROOT)));
  }

  @Property(tries = 3000)
  void anyAcceptedStringIsPlainAscii(@ForAll String anything) {
    UserNames.canonical(anything)
        .ifPresent(
            name -> {
              assertThat(name.chars().allMatch(c -> c > 0x20 && c < 0x7f)).isTrue();
              assertThat(ResourceIds.withoutSipScheme(name)).isEqualTo(name);
              assertThat(name.strip()).isEqualTo(name);
            });
  }

  @Provide
  Arbitrary<Double> positions() {
    return Arbitraries.doubles().between(0, 0.99);
  }

  @Example
  void plainAddressesAreUserNames() {
    assertThat(UserNames.canonical("alice@example.org")).contains("alice@example.org");
    assertThat(UserNames.canonical("Bob.Smith+dev@Example.ORG"))
        .contains("bob.smith+dev@example.org");
    assertThat(UserNames.canonical("team-1@localhost")).contains("team-1@localhost");
  }

  @Example
  void knownAliasesAreRefused() {
    for (String alias :
        new String[] {
          "sip:alice@example.org",
          "SIP:alice@example.org",
          " alice@example.org",
          "alice@example.org ",
          "alice @example.org",
          "alice@example.org\u0000",
          "alice@example.org.",
          ".alice@example.org",
          "al..ice@example.org",
          "alice@-example.org",
          "alice@example.org\n",
          "\u212aalice@example.org",
          "alice@@example.org",
          "@example.org",
          "alice@",
          "",
          "a".repeat(65) + "@example.org",
          "alice@" + "b".repeat(64) + ".org"
        }) {
      assertThat(UserNames.problem(alias)).as(alias).isPresent();
    }
  }
}
