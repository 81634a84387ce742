package org.p2psip.client.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Reading a saved configuration document with an XML parser: names, peers, and what it refuses. */
public class SavedConfigurationTest {

  public static final String DOCUMENT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <overlay xmlns="urn:ietf:params:xml:ns:p2p:config-base"
               xmlns:disco="urn:ietf:params:xml:ns:p2p:config-base:disco"
               xmlns:p2psip="urn:p2psip:params:xml:ns:config">
      <configuration instance-name="overlay.example.org" sequence="7" expiration="2030-01-01T00:00:00Z">
      <topology-plugin>CHORD-RELOAD</topology-plugin>
      <bootstrap-node address="127.0.0.1" port="6084"/>
      <bootstrap-node port='6085' address='127.0.0.1' />
      <bootstrap-node
          address="::1" port="6086"></bootstrap-node>
      <disco:landmarks version="3">
      <disco:landmark-host address="127.0.0.1" port="6090"/>
      </disco:landmarks>
      </configuration>
      <signature algorithm="ecdsa-sha256">AAAA</signature>
      </overlay>
      """;

  @Test
  void readsTheOverlayNameAndTheBootstrapPeersInOrder() {
    SavedConfiguration saved = SavedConfiguration.parse(DOCUMENT);
    assertThat(saved.overlayName()).isEqualTo("overlay.example.org");
    // attribute order, quotes, line breaks and element form do not matter to a parser
    assertThat(saved.bootstrapPeers())
        .containsExactly(
            new InetSocketAddress("127.0.0.1", 6084),
            new InetSocketAddress("127.0.0.1", 6085),
            new InetSocketAddress("::1", 6086));
  }

  @Test
  void aLandmarkHostIsNoBootstrapPeer() {
    assertThat(SavedConfiguration.parse(DOCUMENT).bootstrapPeers())
        .doesNotContain(new InetSocketAddress("127.0.0.1", 6090));
  }

  @Test
  void escapedCharactersAreReadAsWhatTheyStandFor() {
    SavedConfiguration saved =
        SavedConfiguration.parse(
            DOCUMENT.replace("instance-name=\"overlay.example.org\"", "instance-name=\"a&amp;b\""));
    assertThat(saved.overlayName()).isEqualTo("a&b");
  }

  @Test
  void aBootstrapNodeInAnotherNamespaceIsNotOne() {
    String other =
        DOCUMENT.replace(
            "<bootstrap-node address=\"127.0.0.1\" port=\"6084\"/>",
            "<disco:bootstrap-node address=\"192.0.2.1\" port=\"1\"/>");
    assertThat(SavedConfiguration.parse(other).bootstrapPeers())
        .doesNotContain(new InetSocketAddress("192.0.2.1", 1))
        .hasSize(2);
  }

  @Test
  void aDocumentTypeDeclarationIsRefusedSoNoEntityIsEverExpanded() {
    String hostile =
        """
        <?xml version="1.0"?>
        <!DOCTYPE overlay [<!ENTITY peer SYSTEM "file:///etc/passwd">]>
        <overlay xmlns="urn:ietf:params:xml:ns:p2p:config-base">
        <configuration instance-name="&peer;"/>
        </overlay>
        """;
    assertThatThrownBy(() -> SavedConfiguration.parse(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not well-formed");
  }

  @Test
  void notXmlOrNoConfigurationIsAnIllegalArgument() {
    assertThatThrownBy(() -> SavedConfiguration.parse("<overlay"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SavedConfiguration.parse(
                    "<overlay xmlns=\"urn:ietf:params:xml:ns:p2p:config-base\"/>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<configuration>");
    assertThatThrownBy(
            () -> SavedConfiguration.parse(DOCUMENT.replace("port=\"6084\"", "port=\"x\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap node");
  }
}
