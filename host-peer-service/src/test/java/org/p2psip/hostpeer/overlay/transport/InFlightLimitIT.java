package org.p2psip.hostpeer.overlay.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.overlay.store.RedisReplicaStore;
import org.p2psip.hostpeer.overlay.store.StoreFixture;
import org.p2psip.overlay.node.NodePhase;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.testsupport.DedicatedRedis;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * docs/peer-protocol.md 8.3, {@code max-in-flight-per-connection}: with that many requests of one
 * connection in progress (here: GETs waiting on a Redis that was killed), the next request on it is
 * answered 403/6 at once; the ones in progress still get their answers, and the connection serves
 * again afterwards.
 */
class InFlightLimitIT {

  private static final int LIMIT = 2;
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(4);

  @Test
  void beyondTheLimitARequestIsRefusedBusyAndTheConnectionServesAgainAfter() throws Exception {
    TransportSettings dev = TransportSettings.development("127.0.0.1", 0);
    TransportSettings limited = dev.withMaxInFlightPerConnection(LIMIT);
    try (DedicatedRedis redis = DedicatedRedis.start()) {
      LettuceConnectionFactory factory = StoreFixture.factory(redis.url());
      try (TestPeer receiver = new TestPeer(Id128.random(), true, null, limited);
          PeerSocket socket = new PeerSocket(receiver.port())) {
        receiver.enableStorage(
            new RedisReplicaStore(
                StoreFixture.template(factory), System::currentTimeMillis, STORE_TIMEOUT));
        receiver.start(List.of());
        await().until(() -> receiver.query(node -> node.phase()) == NodePhase.JOINED);
        socket.send(socket.handshake(TestPeer.OVERLAY, receiver.id));
        assertThat(socket.read().response().code()).isEqualTo(ResponseCode.OK.code());
        // the store answers before Redis goes away: GETs are served
        assertThat(answerTo(socket, get(socket, 1)).response().code())
            .isEqualTo(ResponseCode.NOT_FOUND.code());

        redis.stop();
        for (int i = 0; i < LIMIT; i++) {
          socket.send(get(socket, 10 + i)); // each waits on the store
        }
        Message refused = answerTo(socket, get(socket, 20));
        assertThat(refused.response().code()).isEqualTo(ResponseCode.REJECTED.code());
        assertThat(refused.response().subCode()).isEqualTo(PeerSubCodes.REJECTED_BUSY);
        assertThat(refused.header().transactionId()).as("the third GET's answer").isEqualTo(20);

        // the two in progress end with the store's failure (408/4): nothing is left hanging
        for (int i = 0; i < LIMIT; i++) {
          Message failed = socket.read();
          assertThat(failed.response().code()).isEqualTo(ResponseCode.REQUEST_FAILED.code());
        }
        redis.resume();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    answerTo(socket, get(socket, 30)).response().code()
                        == ResponseCode.NOT_FOUND.code());
      } finally {
        factory.destroy();
      }
    }
  }

  private static Message get(PeerSocket socket, int transactionId) {
    Id128 key = Id128.random();
    return Message.of(
        Header.peerRequest(MessageType.GET, transactionId, socket.id, key).withTtl(32),
        socket.info(),
        ResourceInfo.query(ValueType.OPAQUE, key));
  }

  private static Message answerTo(PeerSocket socket, Message request) throws Exception {
    socket.send(request);
    return socket.read();
  }
}
