package org.p2psip.disco.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.state.ConferenceInfo.AvailableMedia;
import org.p2psip.disco.state.ConferenceInfo.Capacity;
import org.p2psip.disco.state.ConferenceInfo.Description;
import org.p2psip.disco.state.ConferenceInfo.Endpoint;
import org.p2psip.disco.state.ConferenceInfo.Focus;
import org.p2psip.disco.state.ConferenceInfo.FocusStates;
import org.p2psip.disco.state.ConferenceInfo.Graph;
import org.p2psip.disco.state.ConferenceInfo.Media;
import org.p2psip.disco.state.ConferenceInfo.Participant;
import org.p2psip.disco.state.ConferenceInfo.SipDialog;
import org.p2psip.disco.state.ConferenceInfo.User;
import org.p2psip.disco.state.ConferenceInfo.Users;

/**
 * conference-info documents with DisCo's focus-states: what is written validates against RFC 4575's
 * schema and DisCo 7.2's and reads back equal; documents written by others (RFC 4575's own example,
 * extensions we do not know) are read; hostile or invalid bodies are refused with a clear message.
 */
class ConferenceInfoXmlTest {

  private final ConferenceInfoXml xml = new ConferenceInfoXml();

  static ConferenceInfo sample() {
    return new ConferenceInfo(
        "sip:conf@example.org",
        7,
        ElementState.FULL,
        new Description(
            "team call", 50L, List.of(new AvailableMedia("10234", "audio", "sendrecv"))),
        new Users(
            ElementState.FULL,
            List.of(
                new User(
                    "sip:alice@example.org",
                    ElementState.FULL,
                    "Alice",
                    List.of(
                        new Endpoint(
                            "sip:alice@192.0.2.1:5060",
                            ElementState.FULL,
                            "connected",
                            "dialed-in",
                            List.of(new Media("1", "audio", "sendrecv")),
                            new SipDialog("a84b4c76e66710", "1928301774", "314159")))),
                new User("sip:bob@example.org", ElementState.FULL, null, List.of()))),
        new FocusStates(
            ElementState.FULL,
            List.of(
                new Focus(
                    "sip:bob@example.org",
                    ElementState.FULL,
                    new Capacity(10, 4),
                    List.of(
                        new Participant("sip:alice@example.org", ElementState.FULL, "AQI/8AAA"),
                        new Participant("sip:carol@example.org", ElementState.DELETED, null)),
                    List.of(new Graph("sip:dave@example.org", ElementState.FULL))))));
  }

  @Test
  void whatIsWrittenReadsBackEqual() {
    ConferenceInfo info = sample();
    assertThat(xml.read(xml.write(info))).isEqualTo(info);
  }

  @Test
  void aPartialDocumentWithoutDescriptionOrFocusStatesReadsBack() {
    ConferenceInfo partial =
        new ConferenceInfo(
            "sip:conf@example.org",
            8,
            ElementState.PARTIAL,
            null,
            new Users(
                ElementState.PARTIAL,
                List.of(new User("sip:bob@example.org", ElementState.DELETED, null, List.of()))),
            null);
    assertThat(xml.read(xml.write(partial))).isEqualTo(partial);
  }

  @Test
  void theFocusStatesAreInDiscosNamespaceInsideConferenceInfo() {
    String written = new String(xml.write(sample()), StandardCharsets.UTF_8);
    assertThat(written)
        .contains("xmlns=\"urn:ietf:params:xml:ns:conference-info\"")
        .contains("xmlns:mf=\"http://www.example.org/inet-ci-multifocus-ext\"")
        .contains("<mf:focus-states state=\"full\">")
        .contains("<mf:ref-to-focus>sip:dave@example.org</mf:ref-to-focus>");
  }

  @Test
  void rfc4575sOwnExampleIsRead() {
    String example =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <conference-info xmlns="urn:ietf:params:xml:ns:conference-info"
            entity="sips:conf233@example.com" state="full" version="1">
          <conference-description>
            <subject>Agenda: This month's goals</subject>
            <service-uris>
              <entry><uri>http://sharepoint/salesgroup/</uri><purpose>web-page</purpose></entry>
            </service-uris>
          </conference-description>
          <conference-state><user-count>33</user-count></conference-state>
          <users>
            <user entity="sip:bob@example.com" state="full">
              <display-text>Bob Hoskins</display-text>
              <endpoint entity="sip:bob@pc33.example.com">
                <display-text>Bob's Laptop</display-text>
                <status>disconnected</status>
                <disconnection-method>departed</disconnection-method>
                <disconnection-info>
                  <when>2005-03-04T20:00:00Z</when>
                  <reason>bad voice quality</reason>
                  <by>sip:mike@example.com</by>
                </disconnection-info>
                <media id="1"><display-text>main audio</display-text><type>audio</type>
                  <label>34567</label><src-id>432424</src-id><status>sendrecv</status></media>
              </endpoint>
            </user>
          </users>
        </conference-info>
        """;
    ConferenceInfo info = xml.read(example.getBytes(StandardCharsets.UTF_8));
    assertThat(info.version()).isEqualTo(1);
    assertThat(info.users().users()).hasSize(1);
    Endpoint laptop = info.users().users().get(0).endpoints().get(0);
    assertThat(laptop.status()).isEqualTo("disconnected");
    assertThat(laptop.media()).containsExactly(new Media("1", "audio", "sendrecv"));
    assertThat(info.focusStates()).isNull();
  }

  @Test
  void elementsOfUnknownExtensionsAreIgnored() {
    String body =
        """
        <conference-info xmlns="urn:ietf:params:xml:ns:conference-info"
            xmlns:x="urn:example:other" entity="sip:conf@example.org" version="3" x:flag="1">
          <users><user entity="sip:a@example.org"><x:mood>calm</x:mood></user></users>
          <x:extra/>
        </conference-info>
        """;
    ConferenceInfo info = xml.read(body.getBytes(StandardCharsets.UTF_8));
    assertThat(info.state()).isEqualTo(ElementState.FULL);
    assertThat(info.users().users().get(0).entity()).isEqualTo("sip:a@example.org");
  }

  @Test
  void invalidAndHostileBodiesAreRefusedWithAReason() {
    assertRefused("<conference-info", "not well-formed");
    assertRefused(
        "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" version=\"1\"/>",
        "entity");
    assertRefused(
        "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:c@x\""
            + " version=\"-1\"/>",
        "invalid");
    assertRefused(
        "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:c@x\""
            + " state=\"bogus\"/>",
        "invalid");
    assertRefused("<other xmlns=\"urn:example\"/>", "invalid");
    // a DOCTYPE would allow entity expansion ("billion laughs") or external entities: refused
    assertRefused(
        "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\""
            + " entity=\"sip:c@x\">&x;</conference-info>",
        "DOCTYPE");
    assertRefused(
        "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:c@x\">"
            + "<mf:focus-states xmlns:mf=\"http://www.example.org/inet-ci-multifocus-ext\">"
            + "<mf:focus state=\"full\"/></mf:focus-states></conference-info>",
        "missing");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsParsed() {
    ConferenceInfoXml small = new ConferenceInfoXml(1024);
    byte[] body = new byte[1025];
    assertThatThrownBy(() -> small.read(body))
        .isInstanceOf(InvalidConferenceInfo.class)
        .hasMessageContaining("1025 bytes");
  }

  private void assertRefused(String body, String reason) {
    assertThatThrownBy(() -> xml.read(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidConferenceInfo.class)
        .hasMessageContaining(reason);
  }
}
