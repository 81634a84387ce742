package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.p2psip.protocol.codec.MessageArbitraries;
import org.p2psip.protocol.value.Octets;

/** RELOAD structures round-trip, and arbitrary bytes only ever fail as Invalid_Message. */
class ReloadProperties {

  @Provide
  Arbitrary<Coordinate> coordinates() {
    return Arbitraries.doubles()
        .between(-1e6, 1e6)
        .array(double[].class)
        .ofMaxSize(12)
        .map(Coordinate::of);
  }

  @Provide
  Arbitrary<DisCoRegistration> registrations() {
    Arbitrary<Coordinate> coordinate = coordinates().injectNull(0.2);
    Arbitrary<DisCoRegistration> uri =
        Combinators.combine(coordinate, MessageArbitraries.text(80))
            .as(DisCoRegistration.FocusUri::new);
    Arbitrary<DisCoRegistration> nodes =
        Combinators.combine(
                coordinate, MessageArbitraries.ids().map(Destination::new).list().ofMaxSize(5))
            .as(DisCoRegistration.FocusNodeIds::new);
    return Arbitraries.oneOf(uri, nodes);
  }

  @Provide
  Arbitrary<DictionaryEntry> entries() {
    return Combinators.combine(
            MessageArbitraries.octets(40),
            Arbitraries.of(true, false),
            MessageArbitraries.octets(200))
        .as(DictionaryEntry::new);
  }

  @Property
  void registrationsRoundTrip(@ForAll("registrations") DisCoRegistration registration) {
    assertThat(DisCoRegistrations.decode(registration.encode())).isEqualTo(registration);
  }

  @Property
  void entriesRoundTrip(@ForAll("entries") DictionaryEntry entry) {
    assertThat(DictionaryEntry.decode(entry.encode())).isEqualTo(entry);
  }

  @Property
  void coordinatesRoundTrip(@ForAll("coordinates") Coordinate coordinate) {
    assertThat(Coordinate.decode(coordinate.encode())).isEqualTo(coordinate);
  }

  @Property(tries = 3000)
  void arbitraryBytesFailOnlyAsInvalidMessage(@ForAll byte[] bytes) {
    for (Runnable decode :
        List.<Runnable>of(
            () -> DisCoRegistrations.decode(bytes),
            () -> DictionaryEntry.decode(bytes),
            () -> Coordinate.decode(bytes))) {
      Throwable thrown = catchThrowable(decode::run);
      if (thrown != null) {
        assertThat(thrown).isInstanceOf(ReloadDecodingException.class);
      }
    }
  }

  @Property
  void truncatedRegistrationsFailCleanly(@ForAll("registrations") DisCoRegistration registration) {
    byte[] bytes = registration.encode();
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThat(catchThrowable(() -> DisCoRegistrations.decode(truncated)))
          .isInstanceOf(ReloadDecodingException.class);
    }
    assertThat(Octets.wrap(bytes)).isNotNull();
  }
}
