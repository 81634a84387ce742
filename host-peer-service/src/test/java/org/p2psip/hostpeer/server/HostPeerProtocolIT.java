package org.p2psip.hostpeer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.p2psip.hostpeer.HostPeerTestClient.code;
import static org.p2psip.hostpeer.HostPeerTestClient.loopbackClient;
import static org.p2psip.hostpeer.HostPeerTestClient.subCode;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.HostPeerTestClient;
import org.p2psip.hostpeer.RawClient;
import org.p2psip.hostpeer.handler.RejectCodes;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.MessageValidator;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Every message of docs/protocol.md section 3 and its response codes, over real TCP with Redis. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.host-peer.port=0",
      "p2psip.host-peer.bind-address=127.0.0.1",
      "p2psip.host-peer.overlay.name=overlay.test",
      "p2psip.host-peer.overlay.id=7",
      "p2psip.host-peer.records.max-value-bytes=1000"
    })
class HostPeerProtocolIT extends RedisBackedTest {

  @Autowired HostPeerServer server;

  HostPeerTestClient connect() {
    return new HostPeerTestClient(server.port());
  }

  @Test
  void inquireDescribesThePeer() {
    try (HostPeerTestClient client = connect()) {
      Message answer = client.send(MessageType.INQUIRE);
      assertThat(code(answer)).isEqualTo(200);
      assertThat(MessageValidator.violation(answer)).isEmpty();
      assertThat(answer.first(PeerInfo.class).addresses().get(0).port()).isEqualTo(server.port());
      assertThat(answer.first(StatusAttribute.class)).isEqualTo(StatusAttribute.GOOD);
      assertThat(answer.first(Uptime.class)).isNotNull();
      assertThat(answer.first(OverlayInfo.class))
          .isEqualTo(new OverlayInfo(HashAlgorithm.SHA1, 7, "overlay.test"));
    }
  }

  @Test
  void recordsNeedAJoinFirst() {
    try (HostPeerTestClient client = connect()) {
      Message answer = client.put(Id128.random(), "sip:early@x", 60);
      assertThat(code(answer)).isEqualTo(409);
      assertThat(subCode(answer)).isEqualTo(RejectCodes.NOT_JOINED);
      assertThat(code(client.send(MessageType.KEEPALIVE))).isEqualTo(409);
    }
  }

  @Test
  void joinWithoutClientAttributeIs401AndWithItIs200() {
    try (HostPeerTestClient client = connect()) {
      assertThat(code(client.send(MessageType.JOIN))).isEqualTo(401);
      Message joined = client.join();
      assertThat(code(joined)).isEqualTo(200);
      assertThat(joined.first(PeerInfo.class)).isNotNull();
    }
  }

  @Test
  void joinRefusesDesAndAnotherOverlay() {
    try (HostPeerTestClient client = connect()) {
      Message des =
          client.send(
              MessageType.JOIN,
              loopbackClient(),
              new Security(Security.AuthType.NONE, Security.CryptoType.DES, null, null, null));
      assertThat(code(des)).isEqualTo(409);
      assertThat(subCode(des)).isEqualTo(RejectCodes.USE_TLS);
      Message elsewhere =
          client.send(
              MessageType.JOIN,
              loopbackClient(),
              new OverlayInfo(HashAlgorithm.SHA1, 8, "other.overlay"));
      assertThat(code(elsewhere)).isEqualTo(409);
      assertThat(subCode(elsewhere)).isEqualTo(RejectCodes.WRONG_OVERLAY);
      Message nested =
          client.send(
              MessageType.JOIN,
              new ClientInfo(
                  null,
                  Octets.fromHex("7f000001"),
                  List.of(new OverlayInfo(HashAlgorithm.SHA1, 7, "overlay.test"))));
      assertThat(code(nested)).as("the right overlay, nested in Client").isEqualTo(200);
    }
  }

  @Test
  void aPutsBGetsButCannotRemove() {
    Id128 resource = ResourceIds.of("sip:alice-" + System.nanoTime() + "@example.org");
    try (HostPeerTestClient alice = connect();
        HostPeerTestClient bob = connect()) {
      alice.join();
      bob.join();
      assertThat(code(alice.put(resource, "sip:alice@192.0.2.10", 600))).isEqualTo(200);

      Message found = bob.get(resource);
      assertThat(code(found)).isEqualTo(200);
      List<ResourceInfo> objects = found.all(ResourceInfo.class);
      assertThat(objects).hasSize(1);
      ResourceInfo object = objects.get(0);
      assertThat(object.content()).isEqualTo(Octets.utf8("sip:alice@192.0.2.10"));
      assertThat(object.hashMatchesContent()).isTrue();
      assertThat(object.expiration()).isBetween(590L, 600L);
      assertThat(object.owner()).as("filled in with Alice's Node-ID").isNotNull();

      ResourceInfo named =
          new ResourceInfo(1, resource, null, object.owner(), object.contentHash(), null);
      Message stolen = bob.send(MessageType.REMOVE, named);
      assertThat(code(stolen)).isEqualTo(409);
      assertThat(subCode(stolen)).isEqualTo(RejectCodes.NOT_OWNER);

      assertThat(code(alice.send(MessageType.REMOVE, named))).isEqualTo(200);
      assertThat(code(alice.send(MessageType.REMOVE, named))).isEqualTo(407);
      assertThat(code(bob.get(resource))).isEqualTo(407);
    }
  }

  @Test
  void putChecksOwnerHashAndSize() {
    try (HostPeerTestClient client = connect()) {
      client.join();
      Id128 resource = Id128.random();
      Octets content = Octets.utf8("sip:x@y");
      Message wrongHash =
          client.send(
              MessageType.PUT,
              new ResourceInfo(
                  1, resource, 60L, null, ResourceInfo.hashOf(Octets.utf8("other")), content));
      assertThat(code(wrongHash)).isEqualTo(401);
      Message wrongOwner =
          client.send(
              MessageType.PUT, new ResourceInfo(1, resource, 60L, Id128.random(), null, content));
      assertThat(subCode(wrongOwner)).isEqualTo(RejectCodes.NOT_OWNER);
      Message tooBig = client.put(resource, "x".repeat(1001), 60);
      assertThat(code(tooBig)).isEqualTo(409);
      assertThat(subCode(tooBig)).isEqualTo(RejectCodes.VALUE_TOO_LARGE);
    }
  }

  @Test
  void severalObjectsUnderOneResourceAndRefreshAndExpiry() {
    try (HostPeerTestClient client = connect()) {
      client.join();
      Id128 resource = Id128.random();
      assertThat(
              code(
                  client.send(
                      MessageType.PUT,
                      new ResourceInfo(1, resource, 1L, null, null, Octets.utf8("short")),
                      new ResourceInfo(1, resource, 1L, null, null, Octets.utf8("kept")))))
          .isEqualTo(200);
      ResourceInfo kept =
          client.get(resource).all(ResourceInfo.class).stream()
              .filter(o -> o.content().equals(Octets.utf8("kept")))
              .findFirst()
              .orElseThrow();
      Message refresh =
          client.send(
              MessageType.PUT,
              new ResourceInfo(1, resource, 300L, kept.owner(), kept.contentHash(), null));
      assertThat(code(refresh)).isEqualTo(200);
      // the 1 s lifetime runs out on Redis's clock: wait, bounded, until the Get shows it
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(client.get(resource).all(ResourceInfo.class))
                      .extracting(ResourceInfo::content)
                      .containsExactly(Octets.utf8("kept")));
      List<ResourceInfo> left = client.get(resource).all(ResourceInfo.class);
      assertThat(left).extracting(ResourceInfo::content).containsExactly(Octets.utf8("kept"));
      assertThat(left.get(0).expiration()).isGreaterThan(290L);
      Message refreshGone =
          client.send(
              MessageType.PUT,
              new ResourceInfo(
                  1,
                  resource,
                  300L,
                  kept.owner(),
                  ResourceInfo.hashOf(Octets.utf8("short")),
                  null));
      assertThat(code(refreshGone)).isEqualTo(407);
    }
  }

  @Test
  void getFiltersByOwnerAndHashAnd407WhenNothingMatches() {
    try (HostPeerTestClient alice = connect();
        HostPeerTestClient bob = connect()) {
      alice.join();
      bob.join();
      Id128 resource = Id128.random();
      alice.put(resource, "a", 60);
      bob.put(resource, "b", 60);
      assertThat(alice.get(resource).all(ResourceInfo.class)).hasSize(2);
      Id128 bobId =
          bob.get(resource).all(ResourceInfo.class).stream()
              .filter(o -> o.content().equals(Octets.utf8("b")))
              .findFirst()
              .orElseThrow()
              .owner();
      Message onlyBob =
          alice.send(MessageType.GET, new ResourceInfo(1, resource, null, bobId, null, null));
      assertThat(onlyBob.all(ResourceInfo.class))
          .extracting(ResourceInfo::content)
          .containsExactly(Octets.utf8("b"));
      Message noneSuch =
          alice.send(
              MessageType.GET,
              new ResourceInfo(
                  1, resource, null, null, ResourceInfo.hashOf(Octets.utf8("c")), null));
      assertThat(code(noneSuch)).isEqualTo(407);
    }
  }

  @Test
  void keepAliveAnswersStatusAndLeaveEndsTheSession() {
    HostPeerTestClient client = connect();
    client.join();
    Message alive = client.send(MessageType.KEEPALIVE);
    assertThat(code(alive)).isEqualTo(200);
    assertThat(alive.first(StatusAttribute.class)).isEqualTo(StatusAttribute.GOOD);
    assertThat(code(client.send(MessageType.LEAVE))).isEqualTo(200);
    client.client.onClose().block(Duration.ofSeconds(5));
    assertThat(client.client.isOpen()).isFalse();
  }

  @Test
  void unknownTypeIs434AndUnknownMandatoryAttributeIs435() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      Message unknownType = raw.writeHex("1040 0b00 000c 0000 00000b0b").read();
      assertThat(unknownType.header().type()).isEqualTo(11);
      assertThat(unknownType.header().transactionId()).isEqualTo(0x0b0b);
      assertThat(code(unknownType)).isEqualTo(434);
      Message unknownAttribute = raw.writeHex("1040 0c00 0012 0000 00000c0c 807f0002abcd").read();
      assertThat(code(unknownAttribute)).isEqualTo(435);
      Message stillServed = raw.writeHex("1040 0c00 000c 0000 00000d0d").read();
      assertThat(code(stillServed)).isEqualTo(200);
    }
  }

  @Test
  void peerProtocolMessagesAreRejectedOnTheClientPort() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      String ids = "a0".repeat(16) + "b0".repeat(16);
      Message answer = raw.writeHex("1000 0400 002c 0000 00000e0e" + ids).read();
      assertThat(code(answer)).isEqualTo(403);
    }
  }
}
