package org.p2psip.protocol.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.TestHex;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** RELOAD structures of docs/protocol.md section 4, written by hand and checked both ways. */
class ReloadGoldenVectorsTest {

  static final Id128 FOCUS = Id128.fromHex("0102030405060708090a0b0c0d0e0f10");
  static final Id128 CONF_RID = Id128.fromHex("f15b0c8f471b9d8d89dcdc2abe832be7");

  static final String FOCUS_URI_HEX =
      """
      01 002b                             # sip_focus_uri, 43 bytes follow
      0012                                # coordinate, 18 bytes
        01 02 3ff8000000000000 c000000000000000   # version 1, 2 dims: 1.5, -2.0
      0015 7369703a666f637573406578616d706c652e6f7267   # "sip:focus@example.org"
      """;

  @Test
  void focusUriRegistration() {
    DisCoRegistration model =
        new DisCoRegistration.FocusUri(Coordinate.of(1.5, -2.0), "sip:focus@example.org");
    assertThat(model.encode()).isEqualTo(TestHex.bytes(FOCUS_URI_HEX));
    assertThat(DisCoRegistrations.decode(TestHex.bytes(FOCUS_URI_HEX))).isEqualTo(model);
  }

  @Test
  void focusNodeIdRegistrationWithoutCoordinate() {
    String hex =
        """
        02 0016                           # sip_focus_node_id, 22 bytes follow
        0000                              # no coordinate
        0012                              # destination list, 18 bytes
          01 10 0102030405060708090a0b0c0d0e0f10   # node, 16 bytes
        """;
    DisCoRegistration model =
        new DisCoRegistration.FocusNodeIds(null, List.of(new Destination(FOCUS)));
    assertThat(model.encode()).isEqualTo(TestHex.bytes(hex));
    assertThat(DisCoRegistrations.decode(TestHex.bytes(hex))).isEqualTo(model);
  }

  @Test
  void dictionaryEntryAndTombstone() {
    String hex = "0010 0102030405060708090a0b0c0d0e0f10  01  00000003 abcdef";
    DictionaryEntry entry = DictionaryEntry.of(FOCUS, Octets.fromHex("abcdef"));
    assertThat(entry.encode()).isEqualTo(TestHex.bytes(hex));
    assertThat(DictionaryEntry.decode(TestHex.bytes(hex))).isEqualTo(entry);
    assertThat(DictionaryEntry.tombstone(FOCUS).encode())
        .isEqualTo(TestHex.bytes("0010 0102030405060708090a0b0c0d0e0f10  00  00000000"));
  }

  @Test
  void signatureInputIsResourceKindTimeEntryAndCertificateHash() {
    String hex =
        """
        f15b0c8f471b9d8d89dcdc2abe832be7      # Resource-ID of conf@example.org
        f00d15c0                              # Kind-ID DISCO-REGISTRATION
        0000018bcfe56800                      # storage_time 1,700,000,000,000 ms
        0010 0102030405060708090a0b0c0d0e0f10 01 00000003 abcdef   # the entry
        4765b990e273236d89418664d51837b9f0d0766b7ba129c698a3cb2225eb9cc6  # SHA-256("not really DER")
        """;
    byte[] input =
        SignatureInput.of(
            CONF_RID,
            Kind.DISCO_REGISTRATION.id(),
            1_700_000_000_000L,
            DictionaryEntry.of(FOCUS, Octets.fromHex("abcdef")),
            "not really DER".getBytes(StandardCharsets.US_ASCII));
    assertThat(input).isEqualTo(TestHex.bytes(hex));
  }

  @Test
  void coordinateAsContactParameterRoundTripsInBothBase64Alphabets() {
    Coordinate coordinate = Coordinate.of(12.25, -3.5, 0.0);
    String parameter = coordinate.toContactParameter();
    assertThat(parameter).doesNotContain("+", "/", "=");
    assertThat(Coordinate.fromContactParameter(parameter)).isEqualTo(coordinate);
    String standard = Base64.getEncoder().encodeToString(coordinate.encode());
    assertThat(Coordinate.fromContactParameter(standard)).isEqualTo(coordinate);
  }
}
