package org.p2psip.hostpeer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.p2psip.testsupport.ActuatorProbe;
import org.p2psip.testsupport.ServiceHealthContract;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "p2psip.host-peer.port=0")
class HostPeerServiceApplicationIT extends ServiceHealthContract {

  @Test
  void healthShowsTheListenerAndTheEndpointShowsThePeer() throws Exception {
    assertThat(ActuatorProbe.get(port, "/actuator/health").componentUp("hostPeer")).isTrue();
    ActuatorProbe.Response state = ActuatorProbe.get(port, "/actuator/hostpeer");
    assertThat(state.status()).isEqualTo(200);
    assertThat(state.body()).contains("\"status\":\"GOOD\"").contains("\"draining\":false");
  }
}
