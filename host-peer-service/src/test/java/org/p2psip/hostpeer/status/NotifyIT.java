package org.p2psip.hostpeer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.HostPeerTestClient.code;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.server.HostPeerServer;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Status changes reach every joined client as Notify; draining defers Joins. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.load.check-interval=200ms"
    })
class NotifyIT extends RedisBackedTest {

  @Autowired HostPeerServer server;
  @LocalServerPort int httpPort;

  int drain(boolean drain) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/hostpeer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"drain\":" + drain + "}"))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void drainingNotifiesEveryJoinedClientAndDefersJoins() throws Exception {
    try (HostPeerTestClient a = new HostPeerTestClient(server.port());
        HostPeerTestClient b = new HostPeerTestClient(server.port());
        HostPeerTestClient notJoined = new HostPeerTestClient(server.port())) {
      a.join();
      b.join();
      var notifiedA = a.client.peerRequests().next().toFuture();
      var notifiedB = b.client.peerRequests().next().toFuture();
      assertThat(drain(true)).isEqualTo(200);
      for (var notified : List.of(notifiedA, notifiedB)) {
        Message notify = notified.get(10, TimeUnit.SECONDS);
        assertThat(notify.first(StatusAttribute.class).status()).isEqualTo(PeerStatus.BUSY);
      }
      assertThat(code(notJoined.join())).isEqualTo(410);
      assertThat(code(a.send(MessageType.KEEPALIVE))).isEqualTo(200);

      var back = a.client.peerRequests().next().toFuture();
      assertThat(drain(false)).isEqualTo(200);
      assertThat(back.get(10, TimeUnit.SECONDS).first(StatusAttribute.class).status())
          .isEqualTo(PeerStatus.GOOD);
      assertThat(code(notJoined.join())).isEqualTo(200);
    }
  }
}
