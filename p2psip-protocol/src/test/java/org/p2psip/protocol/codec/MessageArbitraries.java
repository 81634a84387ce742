package org.p2psip.protocol.codec;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
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
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** Generators of every attribute and message the model can express, for property tests. */
public final class MessageArbitraries {

  private MessageArbitraries() {}

  public static Arbitrary<Octets> octets(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(Octets::wrap);
  }

  public static Arbitrary<Id128> ids() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16).map(Id128::wrap);
  }

  /** Text without unpaired surrogates (which UTF-8 cannot carry), ASCII and beyond. */
  public static Arbitrary<String> text(int maxLength) {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .withChars(" .:@-_/")
        .withCharRange('\u00a0', '\u07ff')
        .withCharRange('\u4e00', '\u4e20')
        .ofMaxLength(maxLength);
  }

  static Arbitrary<Octets> address() {
    return Arbitraries.oneOf(fixed(4), fixed(16));
  }

  private static Arbitrary<Octets> fixed(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length).map(Octets::wrap);
  }

  static Arbitrary<Long> uint32() {
    return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
  }

  static Arbitrary<PeerAddressInfo> peerAddress() {
    return Combinators.combine(
            Arbitraries.of(PeerAddressInfo.Transport.class),
            Arbitraries.of(PeerAddressInfo.CandidateType.class),
            Arbitraries.integers().between(0, 0xFF),
            Arbitraries.integers().between(0, 0xFFFF),
            uint32(),
            address())
        .as(PeerAddressInfo::new);
  }

  static Arbitrary<PeerServiceCapability> capability() {
    return Combinators.combine(
            Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(PeerServiceCapability::new);
  }

  static Arbitrary<PeerInfo> peerInfo() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            ids(),
            capability(),
            peerAddress().list().ofMinSize(1).ofMaxSize(4))
        .as(PeerInfo::new);
  }

  static Arbitrary<ResourceInfo> resourceInfo() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xFFF),
            ids(),
            uint32().injectNull(0.3),
            ids().injectNull(0.3),
            fixed(16).injectNull(0.3),
            octets(300).injectNull(0.3))
        .as(ResourceInfo::new);
  }

  static Arbitrary<OverlayInfo> overlayInfo() {
    return Combinators.combine(
            Arbitraries.of(HashAlgorithm.class),
            Arbitraries.integers().between(0, 0xFF_FFFF),
            text(40))
        .as(OverlayInfo::new);
  }

  static Arbitrary<ClientInfo> clientInfo() {
    return Combinators.combine(
            uint32().injectNull(0.5),
            address(),
            overlayInfo().map(o -> (Attribute) o).list().ofMaxSize(1))
        .as(ClientInfo::new);
  }

  static Arbitrary<Security> security() {
    Arbitrary<Security.AuthType> auth = Arbitraries.of(Security.AuthType.class).injectNull(0.3);
    return Combinators.combine(
            auth,
            Arbitraries.of(Security.CryptoType.class),
            text(20).injectNull(0.3),
            octets(40).injectNull(0.3),
            octets(40).injectNull(0.3))
        .as((a, c, u, p, ch) -> new Security(a, a == null ? null : c, u, p, ch));
  }

  // ---- docs/peer-protocol.md 2.3 ----

  /** Node-IDs: never sixteen zero bytes (docs/peer-protocol.md 1). */
  public static Arbitrary<Id128> nodeIds() {
    return ids().filter(id -> !PeerMessageValidator.isZero(id));
  }

  static Arbitrary<Octets> digest() {
    return fixed(NegotiationInfo.DIGEST_SIZE);
  }

  public static Arbitrary<NegotiationInfo> negotiationInfo() {
    return Arbitraries.of(Mode.class).flatMap(mode -> negotiationInfo(mode, uint32()));
  }

  /** Negotiation Info of one Mode; a DIGEST has a Digest and maybe the 16 bucket digests. */
  static Arbitrary<NegotiationInfo> negotiationInfo(Mode mode, Arbitrary<Long> count) {
    Arbitrary<List<Octets>> digests =
        mode == Mode.DIGEST
            ? Arbitraries.oneOf(
                digest().list().ofSize(1), digest().list().ofSize(1 + NegotiationInfo.BUCKETS))
            : Arbitraries.just(List.of());
    return Combinators.combine(
            Arbitraries.of(Reason.class),
            Arbitraries.of(true, false),
            uint32(),
            ids().list().ofSize(2),
            Arbitraries.longs(),
            count,
            uint32(),
            digests)
        .as(
            (reason, last, transferId, range, cutoff, n, bytes, d) ->
                new NegotiationInfo(
                    mode,
                    reason,
                    last,
                    transferId,
                    range.get(0),
                    range.get(1),
                    cutoff,
                    n,
                    bytes,
                    d.isEmpty() ? null : d.get(0),
                    d.isEmpty() ? List.of() : d.subList(1, d.size())));
  }

  static Arbitrary<ServicePeer> servicePeer(Arbitrary<Id128> peerIds) {
    return Combinators.combine(peerIds, peerAddress().list().ofMinSize(1).ofMaxSize(3))
        .as(ServicePeer::new);
  }

  public static Arbitrary<ServicePeerInfo> servicePeerInfo() {
    return servicePeerInfo(ids());
  }

  static Arbitrary<ServicePeerInfo> servicePeerInfo(Arbitrary<Id128> peerIds) {
    return Combinators.combine(
            Arbitraries.of(ServiceType.class),
            Arbitraries.integers().between(0, 0xFF),
            servicePeer(peerIds).list().ofMaxSize(4))
        .as(ServicePeerInfo::new);
  }

  static Arbitrary<PeerInfo> sourcePeerInfo(Arbitrary<Id128> peerIds) {
    return Combinators.combine(
            peerIds, capability(), peerAddress().list().ofMinSize(1).ofMaxSize(3))
        .as(PeerInfo::source);
  }

  public static Arbitrary<RoutingTable> routingTable() {
    return routingTable(ids());
  }

  static Arbitrary<RoutingTable> routingTable(Arbitrary<Id128> peerIds) {
    Arbitrary<List<PeerInfo>> entries = sourcePeerInfo(peerIds).list().ofMaxSize(3);
    return Combinators.combine(entries, entries, entries).as(RoutingTable::new);
  }

  public static Arbitrary<StoredObject> storedObject() {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), Arbitraries.of(true, false), resourceInfo())
        .as(StoredObject::new);
  }

  /** Every attribute docs/peer-protocol.md 2.3 defines or completes. */
  public static Arbitrary<Attribute> peerProtocolAttribute() {
    return Arbitraries.oneOf(
        peerAddress(), negotiationInfo(), servicePeerInfo(), routingTable(), storedObject());
  }

  public static Arbitrary<Attribute> attribute() {
    return Arbitraries.oneOf(
        negotiationInfo(),
        servicePeerInfo(),
        routingTable(),
        storedObject(),
        peerAddress(),
        capability(),
        peerInfo(),
        resourceInfo(),
        Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF).injectNull(0.5))
            .as(ResponseAttribute::new),
        Arbitraries.of(StatusAttribute.PeerStatus.class).map(StatusAttribute::new),
        Combinators.combine(Arbitraries.integers().between(0, 255), text(30)).as(EventInfo::new),
        Arbitraries.integers().between(0, 255).map(UpdateTypeAttribute::new),
        uint32().map(Uptime::new),
        overlayInfo(),
        clientInfo(),
        security());
  }

  public static Arbitrary<Header> header() {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<Boolean> isClient = Arbitraries.of(true, false);
    return isClient.flatMap(
        client ->
            Combinators.combine(
                    Arbitraries.of(MessageType.class),
                    flag,
                    client ? flag : Arbitraries.just(false),
                    Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                    Arbitraries.integers().between(0, 255),
                    Arbitraries.integers(),
                    client ? Arbitraries.just((Id128) null) : ids(),
                    client ? Arbitraries.just((Id128) null) : ids())
                .as(
                    (type, response, e, hdfj, ttl, txid, source, destination) ->
                        new Header(
                            type.code(),
                            response,
                            client,
                            e,
                            (hdfj & 8) != 0,
                            (hdfj & 4) != 0,
                            (hdfj & 2) != 0,
                            (hdfj & 1) != 0,
                            ttl,
                            txid,
                            source,
                            destination)));
  }

  public static Arbitrary<Message> message() {
    return Combinators.combine(header(), attribute().list().ofMaxSize(6))
        .as((header, attributes) -> new Message(header, attributes))
        .filter(m -> m.encodedLength() <= Message.MAX_LENGTH);
  }

  // ---- valid peer-protocol messages (docs/peer-protocol.md 2.1, 2.2) ----

  /** The eleven peer-protocol message types, 0-10. */
  public static final List<MessageType> PEER_TYPES =
      List.of(MessageType.values()).stream()
          .filter(PeerMessageValidator::isPeerMessageType)
          .toList();

  /** A request or an answer of any peer type that {@link PeerMessageValidator} accepts. */
  public static Arbitrary<Message> validPeerMessage() {
    return Arbitraries.of(PEER_TYPES)
        .flatMap(type -> Arbitraries.oneOf(validPeerRequest(type), validPeerResponse(type)))
        .filter(m -> m.encodedLength() <= Message.MAX_LENGTH);
  }

  public static Arbitrary<Message> validPeerRequest() {
    return Arbitraries.of(PEER_TYPES)
        .flatMap(MessageArbitraries::validPeerRequest)
        .filter(m -> m.encodedLength() <= Message.MAX_LENGTH);
  }

  private static Arbitrary<Integer> ttlFor(MessageType type) {
    return PeerMessageValidator.NEIGHBOUR_MESSAGES.contains(type)
        ? Arbitraries.just(1)
        : Arbitraries.integers().between(1, 255);
  }

  /** A Resource Info as a PUT carries it: O and H, the hash of the content when there is one. */
  static Arbitrary<ResourceInfo> putResourceInfo() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xFFF),
            ids(),
            uint32().injectNull(0.3),
            ids(),
            octets(200))
        .flatAs(
            (valueType, rid, expiration, owner, content) ->
                Arbitraries.of(true, false)
                    .map(
                        withContent ->
                            new ResourceInfo(
                                valueType,
                                rid,
                                expiration,
                                owner,
                                ResourceInfo.hashOf(content),
                                withContent ? content : null)));
  }

  /** A Stored Object as a TRANSFER of {@code mode} carries it, inside the whole ring. */
  static Arbitrary<StoredObject> storedObjectFor(Mode mode) {
    return Combinators.combine(
            Arbitraries.longs().between(0, 1L << 62),
            Arbitraries.longs().between(1, 1L << 40),
            Arbitraries.of(true, false),
            putResourceInfo())
        .as(
            (storage, lifetime, tombstone, info) -> {
              boolean content = mode == Mode.DATA && !tombstone;
              Octets body =
                  content
                      ? (info.content() != null ? info.content() : Octets.wrap(new byte[0]))
                      : null;
              ResourceInfo stored =
                  new ResourceInfo(
                      info.valueType(),
                      info.resourceId(),
                      null,
                      info.owner(),
                      body != null ? ResourceInfo.hashOf(body) : info.contentHash(),
                      body);
              return new StoredObject(storage, storage + lifetime, tombstone, stored);
            });
  }

  static Arbitrary<List<Attribute>> transferAttributes() {
    return Arbitraries.of(Mode.class)
        .flatMap(
            mode ->
                (mode == Mode.OFFER || mode == Mode.DIGEST
                        ? Arbitraries.just(List.<StoredObject>of())
                        : storedObjectFor(mode).list().ofMaxSize(3))
                    .flatMap(
                        objects ->
                            negotiationInfo(mode, Arbitraries.just((long) objects.size()))
                                .map(
                                    negotiation -> {
                                      // Range start = end: the whole ring, so every object is in it
                                      NegotiationInfo wholeRing =
                                          new NegotiationInfo(
                                              negotiation.mode(),
                                              negotiation.reason(),
                                              negotiation.last(),
                                              negotiation.transferId(),
                                              negotiation.rangeStart(),
                                              negotiation.rangeStart(),
                                              negotiation.cutoff(),
                                              negotiation.count(),
                                              negotiation.bytes(),
                                              negotiation.digest(),
                                              negotiation.bucketDigests());
                                      List<Attribute> all = new ArrayList<>();
                                      all.add(wholeRing);
                                      all.addAll(objects);
                                      return all;
                                    })));
  }

  /** The attributes beyond Source Peer Info of a valid request, and its Destination ID. */
  private record Body(List<Attribute> attributes, Id128 destination) {}

  private static Arbitrary<Body> requestBody(MessageType type, Id128 source) {
    Arbitrary<Id128> peers = nodeIds();
    return switch (type) {
      case JOIN -> Arbitraries.just(new Body(List.of(), source));
      case LEAVE ->
          Combinators.combine(
                  routingTable(peers),
                  text(20).map(t -> new EventInfo(EventInfo.ABOUT_TO_LEAVE, t)).injectNull(0.5))
              .as((table, event) -> body(peers, table, event))
              .flatMap(b -> b);
      case KEEPALIVE ->
          Combinators.combine(
                  Arbitraries.of(StatusAttribute.PeerStatus.class)
                      .map(StatusAttribute::new)
                      .injectNull(0.5),
                  overlayInfo().injectNull(0.5))
              .as((status, overlay) -> body(peers, status, overlay))
              .flatMap(b -> b);
      case NOTIFY ->
          Combinators.combine(
                  Arbitraries.of(StatusAttribute.PeerStatus.class).map(StatusAttribute::new),
                  Combinators.combine(Arbitraries.integers().between(0, 255), text(20))
                      .as(EventInfo::new),
                  Arbitraries.integers().between(0, 2))
              .as(
                  (status, event, which) ->
                      body(peers, which != 1 ? status : null, which != 0 ? event : null))
              .flatMap(b -> b);
      case UPDATE ->
          Combinators.combine(
                  Arbitraries.integers().between(0, 1).map(UpdateTypeAttribute::new),
                  routingTable(peers).injectNull(0.5))
              .as((update, table) -> body(peers, update, table))
              .flatMap(b -> b);
      case SEARCH_PEER -> body(peers);
      case TRANSFER -> Combinators.combine(transferAttributes(), peers).as(Body::new);
      case PUT -> putResourceInfo().map(info -> new Body(List.of(info), info.resourceId()));
      case GET ->
          Combinators.combine(
                  Arbitraries.integers().between(0, 0xFFF),
                  ids(),
                  ids().injectNull(0.5),
                  fixed(16).injectNull(0.5),
                  Arbitraries.of(true, false),
                  peers)
              .as(
                  (valueType, rid, owner, hash, keyRouted, replica) ->
                      new Body(
                          List.of(new ResourceInfo(valueType, rid, null, owner, hash, null)),
                          keyRouted ? rid : replica));
      case REMOVE ->
          putResourceInfo()
              .map(
                  info ->
                      new ResourceInfo(
                          info.valueType(),
                          info.resourceId(),
                          info.expiration(),
                          info.owner(),
                          info.contentHash(),
                          null))
              .map(info -> new Body(List.of(info), info.resourceId()));
      case LOOKUP_SERVICE_PEER ->
          Combinators.combine(servicePeerInfo(peers), peers)
              .as((service, destination) -> new Body(List.of(service), destination));
      default -> throw new IllegalArgumentException("not a peer type: " + type);
    };
  }

  /** A body with the given optional attributes (nulls left out) and a random Destination ID. */
  private static Arbitrary<Body> body(Arbitrary<Id128> destinations, Attribute... optional) {
    List<Attribute> present = new ArrayList<>();
    for (Attribute attribute : optional) {
      if (attribute != null) {
        present.add(attribute);
      }
    }
    return destinations.map(destination -> new Body(present, destination));
  }

  public static Arbitrary<Message> validPeerRequest(MessageType type) {
    return nodeIds()
        .flatMap(
            source ->
                Combinators.combine(
                        sourcePeerInfo(Arbitraries.just(source)),
                        requestBody(type, source),
                        ttlFor(type),
                        Arbitraries.integers(),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                    .flatAs(
                        (info, body, ttl, txid, h, d, f, j) -> {
                          List<Attribute> all = new ArrayList<>(body.attributes());
                          all.add(info);
                          Header header =
                              new Header(
                                  type.code(),
                                  false,
                                  false,
                                  false,
                                  type == MessageType.LOOKUP_SERVICE_PEER || h,
                                  d,
                                  f,
                                  type == MessageType.JOIN && j,
                                  ttl,
                                  txid,
                                  source,
                                  body.destination());
                          return Arbitraries.shuffle(all).map(order -> new Message(header, order));
                        }));
  }

  /** The attributes a 200 answer of {@code type} requires (docs/peer-protocol.md 2.2). */
  private static Arbitrary<List<Attribute>> successAttributes(MessageType type) {
    Arbitrary<Id128> peers = nodeIds();
    Arbitrary<Attribute> status =
        Arbitraries.of(StatusAttribute.PeerStatus.class).map(StatusAttribute::new);
    return switch (type) {
      case JOIN -> routingTable(peers).map(List::<Attribute>of);
      case KEEPALIVE ->
          Combinators.combine(status, overlayInfo().injectNull(0.5))
              .as((s, o) -> o == null ? List.of(s) : List.of(s, o));
      case UPDATE ->
          Combinators.combine(Arbitraries.integers().between(0, 1), routingTable(peers))
              .as(
                  (u, t) ->
                      u == 1
                          ? List.<Attribute>of(new UpdateTypeAttribute(u), t)
                          : List.<Attribute>of(new UpdateTypeAttribute(u)));
      case SEARCH_PEER ->
          Combinators.combine(status, routingTable(peers)).as((s, t) -> List.<Attribute>of(s, t));
      case TRANSFER -> transferAttributes();
      case GET ->
          putResourceInfo()
              .filter(info -> info.content() != null)
              .map(
                  info ->
                      (Attribute)
                          new ResourceInfo(
                              info.valueType(),
                              info.resourceId(),
                              info.expiration() != null ? info.expiration() : 60L,
                              info.owner(),
                              info.contentHash(),
                              info.content()))
              .list()
              .ofMaxSize(3);
      case LOOKUP_SERVICE_PEER -> servicePeerInfo(peers).map(List::<Attribute>of);
      default -> Arbitraries.just(List.of());
    };
  }

  public static Arbitrary<Message> validPeerResponse(MessageType type) {
    Arbitrary<ResponseAttribute> failure =
        Arbitraries.of(
            ResponseAttribute.of(ResponseCode.BAD_PARAMETERS),
            ResponseAttribute.of(ResponseCode.REJECTED, PeerSubCodes.REJECTED_BUSY),
            ResponseAttribute.of(ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_NO_ROUTE),
            ResponseAttribute.of(ResponseCode.NOT_FOUND));
    Arbitrary<List<Attribute>> answer =
        Arbitraries.oneOf(
            successAttributes(type)
                .map(
                    more -> {
                      List<Attribute> all = new ArrayList<>();
                      all.add(ResponseAttribute.of(ResponseCode.OK));
                      all.addAll(more);
                      return all;
                    }),
            failure.map(List::<Attribute>of));
    return Combinators.combine(
            nodeIds(),
            ids(),
            Arbitraries.integers().between(1, 255),
            Arbitraries.integers(),
            answer,
            sourcePeerInfo(nodeIds())
                .map(p -> PeerInfo.destination(p.peerId(), p.capability(), p.addresses())))
        .flatAs(
            (source, destination, ttl, txid, attributes, responder) -> {
              List<Attribute> all = new ArrayList<>(attributes);
              all.add(responder);
              Header header =
                  Header.peerRequest(type, txid, source, destination).toPeerResponse(ttl);
              return Arbitraries.shuffle(all).map(order -> new Message(header, order));
            });
  }

  /** A valid message's bytes, for seeding fuzzers. */
  public static List<byte[]> sampleEncodings(int count) {
    return message().sampleStream().limit(count).map(MessageCodec::encodeToBytes).toList();
  }

  /** Valid peer-protocol messages' bytes, for seeding fuzzers. */
  public static List<byte[]> samplePeerEncodings(int count) {
    return validPeerMessage().sampleStream().limit(count).map(MessageCodec::encodeToBytes).toList();
  }
}
