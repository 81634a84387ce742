package org.p2psip.hostpeer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.HostPeerTestClient.code;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.testsupport.ActuatorProbe;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A peer that requires contributed storage (406), and the request metrics it exports. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.auth.require-contributed-storage=true"
    })
class ContributedStorageIT extends RedisBackedTest {

  @Autowired HostPeerServer server;
  @LocalServerPort int httpPort;

  @Test
  void joinWithoutStorageIs406AndWithStorage200() throws Exception {
    try (HostPeerTestClient client = new HostPeerTestClient(server.port())) {
      assertThat(code(client.join())).isEqualTo(406);
      assertThat(
              code(
                  client.send(
                      MessageType.JOIN,
                      ClientInfo.withStorage(InetAddress.getLoopbackAddress(), 1 << 20))))
          .isEqualTo(200);
    }
    String metrics = ActuatorProbe.get(httpPort, "/actuator/prometheus").body();
    assertThat(metrics)
        .contains("p2psip_hostpeer_requests_seconds_count{code=\"406\",type=\"JOIN\"}")
        .contains("p2psip_hostpeer_requests_seconds_count{code=\"200\",type=\"JOIN\"}")
        .contains("p2psip_hostpeer_connections");
  }
}
