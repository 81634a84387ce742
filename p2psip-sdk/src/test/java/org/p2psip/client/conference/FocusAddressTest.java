package org.p2psip.client.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class FocusAddressTest {

  @Test
  void theProbeParameterGivesThePortTheHostComesFromTheUri() {
    assertThat(FocusAddress.probe("sip:alice@192.0.2.10;probe=6100"))
        .contains(InetSocketAddress.createUnresolved("192.0.2.10", 6100));
    assertThat(FocusAddress.probe("sip:alice@focus.example.org:5060;transport=tcp;probe=7000"))
        .contains(InetSocketAddress.createUnresolved("focus.example.org", 7000));
    assertThat(FocusAddress.probe("sips:[2001:db8::1]:5061;probe=6100"))
        .contains(InetSocketAddress.createUnresolved("2001:db8::1", 6100));
  }

  @Test
  void withoutAUsableProbeParameterThereIsNothingToProbe() {
    assertThat(FocusAddress.probe("sip:alice@192.0.2.10")).isEmpty();
    assertThat(FocusAddress.probe("sip:alice@192.0.2.10;probe=")).isEmpty();
    assertThat(FocusAddress.probe("sip:alice@192.0.2.10;probe=99999")).isEmpty();
    assertThat(FocusAddress.probe("sip:alice@192.0.2.10;probes=6100")).isEmpty();
    assertThat(FocusAddress.probe("mailto:alice@example.org;probe=6100")).isEmpty();
    assertThat(FocusAddress.probe(null)).isEmpty();
  }

  @Test
  void aFocusIsCalledAtItsUriWithoutTheProbeParameterAndNamedByItsAddressOfRecord() {
    assertThat(FocusAddress.sipTarget("sip:alice@127.0.0.1:5071;probe=6101"))
        .isEqualTo("sip:alice@127.0.0.1:5071");
    assertThat(FocusAddress.sipTarget("sip:alice@127.0.0.1:5071;probe=6101;transport=tcp"))
        .isEqualTo("sip:alice@127.0.0.1:5071;transport=tcp");
    assertThat(FocusAddress.sipTarget("sip:alice@127.0.0.1;probes=1"))
        .isEqualTo("sip:alice@127.0.0.1;probes=1");
    assertThat(FocusAddress.entity("sip:alice@127.0.0.1:5071;probe=6101"))
        .isEqualTo("sip:alice@127.0.0.1");
    assertThat(FocusAddress.entity("sips:bob@[2001:db8::1]:5061"))
        .isEqualTo("sips:bob@[2001:db8::1]");
    assertThat(FocusAddress.entity("sip:focus.example.org")).isEqualTo("sip:focus.example.org");
  }

  @Test
  void aFocusOfferingTlsIsCalledOverTlsOnlyByACallerWithACertificate() {
    String advertised = "sip:alice@127.0.0.1:5071;tls=5081;probe=6101";
    assertThat(FocusAddress.tlsPort(advertised)).contains(5081);
    assertThat(FocusAddress.target(advertised, true))
        .isEqualTo("sip:alice@127.0.0.1:5081;transport=tls");
    assertThat(FocusAddress.target(advertised, false)).isEqualTo("sip:alice@127.0.0.1:5071");
    // a transport the focus named for plain SIP gives way to TLS on the TLS port
    assertThat(FocusAddress.target("sip:bob@[2001:db8::1]:5060;transport=tcp;tls=5061", true))
        .isEqualTo("sip:bob@[2001:db8::1]:5061;transport=tls");
    assertThat(FocusAddress.target("sip:bob@example.org;tls=5061;lr", true))
        .isEqualTo("sip:bob@example.org:5061;lr;transport=tls");
    // no (valid) TLS port: the plain target, whoever calls
    assertThat(FocusAddress.target("sip:alice@127.0.0.1:5071;probe=6101", true))
        .isEqualTo("sip:alice@127.0.0.1:5071");
    assertThat(FocusAddress.target("sip:alice@127.0.0.1:5071;tls=99999", true))
        .isEqualTo("sip:alice@127.0.0.1:5071");
    assertThat(FocusAddress.tlsPort("sip:alice@127.0.0.1:5071;tlsx=1")).isEmpty();
  }

  @Test
  void aFocusIsRecognisedByTheAddressItsCallsGoTo() {
    assertThat(FocusAddress.hostPort("sip:team@127.0.0.1:42209;transport=tls"))
        .isEqualTo("127.0.0.1:42209");
    assertThat(FocusAddress.hostPort("<sip:bob@[2001:db8::1]:5060>"))
        .isEqualTo("[2001:db8::1]:5060");
    assertThat(FocusAddress.hostPort("sip:focus.example.org")).isEqualTo("focus.example.org");
    String advertised = "sip:alice@127.0.0.1:5071;tls=5081;probe=6101";
    assertThat(FocusAddress.reachesAny(advertised, java.util.Set.of("127.0.0.1:5071"))).isTrue();
    assertThat(FocusAddress.reachesAny(advertised, java.util.Set.of("127.0.0.1:5081"))).isTrue();
    assertThat(FocusAddress.reachesAny(advertised, java.util.Set.of("127.0.0.1:6101"))).isFalse();
  }
}
