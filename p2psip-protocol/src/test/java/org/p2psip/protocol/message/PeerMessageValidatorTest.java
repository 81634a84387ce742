package org.p2psip.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.NegotiationInfo.Mode;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** The rows of docs/peer-protocol.md section 9 and the table of 2.2, one at a time. */
class PeerMessageValidatorTest {

  static final Id128 A = Id128.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  static final Id128 B = Id128.fromHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
  static final Id128 C = Id128.fromHex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
  static final Id128 ZERO = Id128.wrap(new byte[16]);
  static final Id128 OWNER = Id128.fromHex("0102030405060708090a0b0c0d0e0f10");
  static final Octets CONTENT = Octets.utf8("sip:alice@192.0.2.10");
  static final Id128 RID = Id128.fromHex("45a6b241a242c97f0492d382c390dfa3");
  static final OverlayInfo OVERLAY = new OverlayInfo(HashAlgorithm.SHA1, 0xabcdef, "example");

  static PeerInfo info(boolean source, Id128 id) {
    return new PeerInfo(
        source,
        id,
        PeerServiceCapability.NONE,
        List.of(
            new PeerAddressInfo(
                PeerAddressInfo.Transport.TCP,
                PeerAddressInfo.CandidateType.HOST,
                6094,
                0,
                Octets.fromHex("0a000105"))));
  }

  static Header header(MessageType type, int ttl, Id128 source, Id128 destination) {
    return new Header(
        type.code(), false, false, false, false, false, false, false, ttl, 7, source, destination);
  }

  /** A request from A with its Source Peer Info and the given attributes. */
  static Message request(Header header, Attribute... attributes) {
    List<Attribute> all = new ArrayList<>();
    all.add(info(true, header.sourcePeerId()));
    all.addAll(List.of(attributes));
    return new Message(header, all);
  }

  static Message neighbour(MessageType type, Attribute... attributes) {
    return request(header(type, 1, A, B), attributes);
  }

  static ResourceInfo put() {
    return ResourceInfo.put(ValueType.SIP_CONTACT_URI, RID, 3600, OWNER, CONTENT);
  }

  static NegotiationInfo negotiation(Mode mode, long count, Id128 start, Id128 end) {
    return new NegotiationInfo(
        mode,
        Reason.REPLICATE,
        true,
        0,
        start,
        end,
        0,
        count,
        0,
        mode == Mode.DIGEST ? Octets.wrap(new byte[32]) : null,
        List.of());
  }

  static StoredObject stored(boolean tombstone, Octets content) {
    return new StoredObject(
        1000,
        2000,
        tombstone,
        new ResourceInfo(1, RID, null, OWNER, ResourceInfo.hashOf(CONTENT), content));
  }

  static Optional<String> code(Optional<PeerViolation> violation) {
    return violation.map(
        v ->
            v.dropped()
                ? "dropped"
                : v.code().code() + (v.subCode() != null ? "/" + v.subCode() : ""));
  }

  static Optional<String> check(Message message) {
    return code(PeerMessageValidator.violation(message));
  }

  @Test
  void aCompleteRequestOfEveryTypePasses() {
    assertThat(check(request(header(MessageType.JOIN, 32, A, A)))).isEmpty();
    assertThat(check(neighbour(MessageType.LEAVE, RoutingTable.EMPTY))).isEmpty();
    assertThat(check(neighbour(MessageType.KEEPALIVE))).isEmpty();
    assertThat(check(neighbour(MessageType.NOTIFY, StatusAttribute.GOOD))).isEmpty();
    assertThat(check(neighbour(MessageType.UPDATE, new UpdateTypeAttribute(1)))).isEmpty();
    assertThat(check(request(header(MessageType.SEARCH_PEER, 32, A, C)))).isEmpty();
    assertThat(check(neighbour(MessageType.TRANSFER, negotiation(Mode.OFFER, 5, A, B)))).isEmpty();
    assertThat(check(request(header(MessageType.PUT, 32, A, RID), put()))).isEmpty();
    assertThat(
            check(
                request(
                    header(MessageType.GET, 32, A, RID),
                    ResourceInfo.query(ValueType.SIP_CONTACT_URI, RID))))
        .isEmpty();
    assertThat(
            check(
                request(
                    header(MessageType.REMOVE, 32, A, RID),
                    new ResourceInfo(1, RID, null, OWNER, ResourceInfo.hashOf(CONTENT), null))))
        .isEmpty();
    Header lookUp =
        new Header(
            MessageType.LOOKUP_SERVICE_PEER.code(),
            false,
            false,
            false,
            true,
            false,
            false,
            false,
            32,
            7,
            A,
            C);
    assertThat(check(request(lookUp, ServicePeerInfo.query(ServiceType.HOST_PEER, 3)))).isEmpty();
  }

  @Test
  void aClientProtocolMessageIs403AndCloses() {
    Message client = Message.of(Header.clientRequest(MessageType.PUT, 1), put());
    PeerViolation violation = PeerMessageValidator.violation(client).orElseThrow();
    assertThat(violation.code()).isEqualTo(ResponseCode.REJECTED);
    assertThat(violation.subCode()).isNull();
    assertThat(violation.closeConnection()).isTrue();
    Message answer = violation.answer(client, info(false, B), 32).orElseThrow();
    assertThat(answer.header().client()).as("a client-protocol 403").isTrue();
    assertThat(answer.response()).isEqualTo(new ResponseAttribute(403, null));
  }

  @Test
  void neighbourMessagesHaveTtl1() {
    assertThat(check(request(header(MessageType.KEEPALIVE, 2, A, B)))).contains("401");
    assertThat(
            check(request(header(MessageType.TRANSFER, 0, A, B), negotiation(Mode.OFFER, 0, A, B))))
        .contains("401");
  }

  @Test
  void typesOtherThan0To10Are434() {
    assertThat(check(request(header(MessageType.INQUIRE, 32, A, B)))).contains("434");
  }

  @Test
  void requiredAttributesMissingOrRepeatedAre401() {
    assertThat(check(new Message(header(MessageType.SEARCH_PEER, 32, A, C), List.of())))
        .contains("401");
    assertThat(check(neighbour(MessageType.LEAVE))).contains("401");
    assertThat(check(neighbour(MessageType.NOTIFY))).contains("401");
    assertThat(check(neighbour(MessageType.UPDATE))).contains("401");
    assertThat(check(neighbour(MessageType.TRANSFER))).contains("401");
    assertThat(check(request(header(MessageType.PUT, 32, A, RID)))).contains("401");
    assertThat(check(request(header(MessageType.PUT, 32, A, RID), put(), put()))).contains("401");
    assertThat(check(neighbour(MessageType.KEEPALIVE, StatusAttribute.GOOD, StatusAttribute.GOOD)))
        .contains("401");
    Header lookUp =
        new Header(
            MessageType.LOOKUP_SERVICE_PEER.code(),
            false,
            false,
            false,
            true,
            false,
            false,
            false,
            32,
            7,
            A,
            C);
    assertThat(check(request(lookUp))).contains("401");
  }

  @Test
  void sourcePeerInfoMustNameTheSourceAndNoPeerIdIsZero() {
    Message wrongSource =
        new Message(header(MessageType.SEARCH_PEER, 32, A, C), List.of(info(true, B)));
    assertThat(check(wrongSource)).contains("401");
    assertThat(check(request(header(MessageType.SEARCH_PEER, 32, ZERO, C)))).contains("401");
    RoutingTable withZero = RoutingTable.lists(List.of(info(true, ZERO)), List.of());
    assertThat(check(neighbour(MessageType.LEAVE, withZero))).contains("401");
  }

  @Test
  void jOnAnythingButAJoinIs401() {
    Header j =
        new Header(
            MessageType.SEARCH_PEER.code(),
            false,
            false,
            false,
            false,
            false,
            false,
            true,
            32,
            7,
            A,
            C);
    assertThat(check(request(j))).contains("401");
    Header join =
        new Header(
            MessageType.JOIN.code(), false, false, false, false, false, false, true, 32, 7, A, A);
    assertThat(check(request(join))).isEmpty();
    assertThat(code(PeerMessageValidator.violation(request(join), B, C))).contains("403/3");
  }

  @Test
  void ttl0OnARoutedRequestIs408Sub1() {
    assertThat(check(request(header(MessageType.SEARCH_PEER, 0, A, C)))).contains("408/1");
    assertThat(check(request(header(MessageType.PUT, 0, A, C), put())))
        .as("rows are checked top to bottom: TTL 0 before the Destination ID")
        .contains("408/1");
  }

  @Test
  void joinPutRemoveAndGetContentRules() {
    assertThat(check(request(header(MessageType.JOIN, 32, A, B)))).contains("401");
    assertThat(check(request(header(MessageType.PUT, 32, A, C), put()))).contains("401");
    ResourceInfo noOwner =
        new ResourceInfo(1, RID, 60L, null, ResourceInfo.hashOf(CONTENT), CONTENT);
    assertThat(check(request(header(MessageType.PUT, 32, A, RID), noOwner))).contains("401");
    ResourceInfo badHash =
        new ResourceInfo(1, RID, 60L, OWNER, ResourceInfo.hashOf(Octets.utf8("x")), CONTENT);
    assertThat(check(request(header(MessageType.PUT, 32, A, RID), badHash))).contains("401");
    assertThat(check(request(header(MessageType.REMOVE, 32, A, RID), put()))).contains("401");
    assertThat(check(request(header(MessageType.GET, 32, A, RID), put()))).contains("401");
    assertThat(
            check(
                request(
                    header(MessageType.GET, 32, A, C),
                    ResourceInfo.query(ValueType.SIP_CONTACT_URI, RID))))
        .as("a replica read")
        .isEmpty();
  }

  @Test
  void updateTypeOtherThan0Or1Is401() {
    assertThat(check(neighbour(MessageType.UPDATE, new UpdateTypeAttribute(2)))).contains("401");
  }

  @Test
  void leaveEventInfoHasType0() {
    assertThat(check(neighbour(MessageType.LEAVE, RoutingTable.EMPTY, new EventInfo(1, "x"))))
        .contains("401");
  }

  @Test
  void transferRows() {
    // Stored Objects in OFFER or DIGEST
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER,
                    negotiation(Mode.OFFER, 1, A, A),
                    stored(false, CONTENT))))
        .contains("401");
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER,
                    negotiation(Mode.DIGEST, 1, A, A),
                    stored(false, CONTENT))))
        .contains("401");
    // Count not matching
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER, negotiation(Mode.DATA, 2, A, A), stored(false, CONTENT))))
        .contains("401");
    assertThat(check(neighbour(MessageType.TRANSFER, negotiation(Mode.INVENTORY, 1, A, A))))
        .contains("401");
    // a valid DATA over the whole ring, and one whose Range (B, C] misses the Resource-ID 45a6...
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER, negotiation(Mode.DATA, 1, A, A), stored(false, CONTENT))))
        .isEmpty();
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER, negotiation(Mode.DATA, 1, B, C), stored(false, CONTENT))))
        .contains("401");
    // a tombstone with C; a live object without C in DATA (fine in INVENTORY)
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER, negotiation(Mode.DATA, 1, A, A), stored(true, CONTENT))))
        .contains("401");
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER, negotiation(Mode.DATA, 1, A, A), stored(false, null))))
        .contains("401");
    assertThat(
            check(
                neighbour(
                    MessageType.TRANSFER,
                    negotiation(Mode.INVENTORY, 1, A, A),
                    stored(false, null))))
        .isEmpty();
    // bad Expiry
    StoredObject expired = new StoredObject(2000, 2000, true, stored(true, null).resourceInfo());
    assertThat(check(neighbour(MessageType.TRANSFER, negotiation(Mode.DATA, 1, A, A), expired)))
        .contains("401");
  }

  @Test
  void responsesAreDroppedNeverAnswered() {
    Message request = request(header(MessageType.PUT, 32, A, RID), put());
    Message ok = PeerResponses.to(request, ResponseCode.OK, info(false, B));
    assertThat(check(ok)).isEmpty();
    assertThat(check(new Message(ok.header().withTtl(0), ok.attributes()))).contains("dropped");
    assertThat(check(new Message(ok.header(), List.of(ResponseAttribute.of(ResponseCode.OK)))))
        .contains("dropped");
    Message keepAlive = neighbour(MessageType.KEEPALIVE);
    assertThat(check(PeerResponses.to(keepAlive, ResponseCode.OK, info(false, B))))
        .as("a 200 KEEPALIVE answer carries Status")
        .contains("dropped");
    assertThat(
            check(
                PeerResponses.to(keepAlive, ResponseCode.OK, info(false, B), StatusAttribute.GOOD)))
        .isEmpty();
    Message update = neighbour(MessageType.UPDATE, new UpdateTypeAttribute(1));
    assertThat(
            check(
                PeerResponses.to(
                    update, ResponseCode.OK, info(false, B), new UpdateTypeAttribute(1))))
        .as("Routing Table iff Update Type = 1")
        .contains("dropped");
    assertThat(
            check(
                PeerResponses.to(
                    update,
                    ResponseCode.REJECTED,
                    PeerSubCodes.REJECTED_BUSY,
                    info(false, B),
                    StatusAttribute.GOOD)))
        .isEmpty();
    Message noResponder = new Message(ok.header(), List.of(ResponseAttribute.of(ResponseCode.OK)));
    assertThat(
            PeerMessageValidator.violation(noResponder)
                .orElseThrow()
                .answer(noResponder, info(false, B), 32))
        .isEmpty();
  }

  @Test
  void connectionRows() {
    Message keepAlive = neighbour(MessageType.KEEPALIVE);
    assertThat(code(PeerMessageValidator.violation(keepAlive, A, B))).isEmpty();
    PeerViolation identity = PeerMessageValidator.violation(keepAlive, C, B).orElseThrow();
    assertThat(code(Optional.of(identity))).contains("403/3");
    assertThat(identity.closeConnection()).isTrue();
    PeerViolation wrongPeer = PeerMessageValidator.violation(keepAlive, A, C).orElseThrow();
    assertThat(code(Optional.of(wrongPeer))).contains("403/4");
    assertThat(wrongPeer.closeConnection()).isFalse();
    Message answer = wrongPeer.answer(keepAlive, info(false, C), 32).orElseThrow();
    assertThat(answer.header().sourcePeerId()).isEqualTo(A);
    assertThat(answer.header().destinationId()).isEqualTo(B);
    assertThat(answer.response()).isEqualTo(new ResponseAttribute(403, 4));
    assertThat(answer.all(PeerInfo.class)).containsExactly(info(false, C));
  }

  @Test
  void handshakeRows() {
    Message handshake = request(header(MessageType.KEEPALIVE, 1, A, ZERO), OVERLAY);
    assertThat(code(PeerMessageValidator.handshakeViolation(handshake, OVERLAY, A, B))).isEmpty();
    assertThat(
            code(
                PeerMessageValidator.handshakeViolation(
                    request(header(MessageType.KEEPALIVE, 1, A, B), OVERLAY), OVERLAY, A, B)))
        .isEmpty();
    assertThat(
            code(
                PeerMessageValidator.handshakeViolation(
                    request(header(MessageType.SEARCH_PEER, 1, A, B)), OVERLAY, A, B)))
        .contains("403/7");
    assertThat(
            code(
                PeerMessageValidator.handshakeViolation(
                    request(header(MessageType.KEEPALIVE, 1, A, ZERO)), OVERLAY, A, B)))
        .contains("403/2");
    assertThat(
            code(
                PeerMessageValidator.handshakeViolation(
                    request(
                        header(MessageType.KEEPALIVE, 1, A, ZERO),
                        new OverlayInfo(HashAlgorithm.SHA1, 0xabcdef, "other")),
                    OVERLAY,
                    A,
                    B)))
        .contains("403/2");
    assertThat(code(PeerMessageValidator.handshakeViolation(handshake, OVERLAY, C, B)))
        .contains("403/3");
    assertThat(
            code(
                PeerMessageValidator.handshakeViolation(
                    request(header(MessageType.KEEPALIVE, 1, A, C), OVERLAY), OVERLAY, A, B)))
        .contains("403/4");
    assertThat(
            PeerMessageValidator.handshakeViolation(handshake, OVERLAY, C, B)
                .orElseThrow()
                .closeConnection())
        .isTrue();
  }
}
