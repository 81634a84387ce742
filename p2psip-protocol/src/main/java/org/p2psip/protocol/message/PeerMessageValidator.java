package org.p2psip.protocol.message;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.AttributeType;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.NegotiationInfo.Mode;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Ring;

/**
 * Checks a decoded peer-protocol message (C = 0) against docs/peer-protocol.md: the attributes each
 * type requires (the table of 2.2, the rules of 2.1) and the rows of the table in section 9 that a
 * message decides alone, in the table's order, first failure wins. The decoder has already applied
 * the framing rows, 434 for unassigned request types, 435, wrong Value lengths and the Routing
 * Table counts. What needs the receiver's state (pending entries, ranges, its store, its clock,
 * limits) is left to the receiver.
 *
 * <p>Requests get the code and sub-code section 9 assigns. A response is never answered: any
 * violation of it is {@link PeerViolation#dropped() dropped}, as section 9 says for a response
 * without Response or Destination Peer Info or with TTL 0.
 */
public final class PeerMessageValidator {

  /**
   * LEAVE, KEEPALIVE, NOTIFY, UPDATE, TRANSFER: sent to the addressed peer, TTL 1, never routed.
   */
  public static final Set<MessageType> NEIGHBOUR_MESSAGES =
      EnumSet.of(
          MessageType.LEAVE,
          MessageType.KEEPALIVE,
          MessageType.NOTIFY,
          MessageType.UPDATE,
          MessageType.TRANSFER);

  /** JOIN, SearchPeer, PUT, GET, REMOVE, LookUpServicePeer: routed with the initial TTL. */
  public static final Set<MessageType> ROUTED_MESSAGES =
      EnumSet.of(
          MessageType.JOIN,
          MessageType.SEARCH_PEER,
          MessageType.PUT,
          MessageType.GET,
          MessageType.REMOVE,
          MessageType.LOOKUP_SERVICE_PEER);

  private static final Id128 ZERO = Id128.wrap(new byte[Id128.LENGTH]);

  private PeerMessageValidator() {}

  /** True for the types 0-10 of the peer protocol (INQUIRE, 12, is client-only). */
  public static boolean isPeerMessageType(@Nullable MessageType type) {
    return type != null && (NEIGHBOUR_MESSAGES.contains(type) || ROUTED_MESSAGES.contains(type));
  }

  /** Node-ID 0 (sixteen zero bytes) is never valid (docs/peer-protocol.md 1). */
  public static boolean isZero(Id128 id) {
    return ZERO.equals(id);
  }

  /**
   * The rows of section 9 that the message decides alone, for a message received after the
   * handshake; empty when it passes them.
   */
  public static Optional<PeerViolation> violation(Message message) {
    return check(message, null, null);
  }

  /**
   * As {@link #violation(Message)}, with the rows that need the connection too: a neighbour message
   * whose Source Peer-ID is not the connection's Node-ID (403/3, close), one whose Destination ID
   * is not the receiver (403/4), a J = 1 JOIN whose Source Peer-ID is not the connection's (403/3).
   *
   * @param connectionNodeId the authenticated Node-ID of the connection's peer
   * @param ownNodeId the receiver's Node-ID
   */
  public static Optional<PeerViolation> violation(
      Message message, Id128 connectionNodeId, Id128 ownNodeId) {
    return check(message, connectionNodeId, ownNodeId);
  }

  /**
   * Section 9, order of checks (3): the first message on a connection must be a handshake, a
   * KEEPALIVE request with TTL 1 (else 403/7), with an Overlay Info equal to the receiver's (else
   * 403/2), a Source Peer-ID that is not zero and is the certificate's (else 403/3), and a
   * Destination ID of 0 or the receiver's (else 403/4); every failure closes the connection. A
   * handshake that passes is then checked as any message ({@link #violation(Message, Id128,
   * Id128)}).
   *
   * @param ownOverlay the receiver's Overlay Info; compared in hash algorithm, Overlay ID and name
   * @param authenticatedNodeId the Node-ID of the peer's certificate (or configured, in
   *     development)
   */
  public static Optional<PeerViolation> handshakeViolation(
      Message message, OverlayInfo ownOverlay, Id128 authenticatedNodeId, Id128 ownNodeId) {
    Header header = message.header();
    if (header.client()) {
      return Optional.of(clientOnPeerPort());
    }
    if (header.response() || message.type() != MessageType.KEEPALIVE || header.ttl() != 1) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_HANDSHAKE_REQUIRED, true, "a handshake KEEPALIVE comes first"));
    }
    List<OverlayInfo> overlays = message.all(OverlayInfo.class);
    if (overlays.size() != 1 || !overlays.get(0).equals(ownOverlay)) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_OVERLAY_MISMATCH, true, "Overlay Info missing or different"));
    }
    Id128 source = peerSource(header);
    if (isZero(source) || !source.equals(authenticatedNodeId)) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_IDENTITY_MISMATCH,
              true,
              "Source Peer-ID is not the certificate's Node-ID"));
    }
    Id128 destination = peerDestination(header);
    if (!isZero(destination) && !destination.equals(ownNodeId)) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_WRONG_PEER,
              true,
              "the handshake is addressed to another peer"));
    }
    // the Destination ID is checked (0 is allowed here); the rest as for any message
    return check(message, authenticatedNodeId, null);
  }

  private static PeerViolation clientOnPeerPort() {
    return new PeerViolation(
        ResponseCode.REJECTED, null, true, "a client-protocol message (C = 1) on the peer port");
  }

  private static Optional<PeerViolation> check(
      Message message, @Nullable Id128 connectionNodeId, @Nullable Id128 ownNodeId) {
    Header header = message.header();
    if (header.client()) {
      return Optional.of(clientOnPeerPort());
    }
    if (header.response()) {
      return responseViolation(message).map(PeerViolation::dropped);
    }
    return requestViolation(message, connectionNodeId, ownNodeId);
  }

  // ---- requests ----

  private static Optional<PeerViolation> requestViolation(
      Message message, @Nullable Id128 connectionNodeId, @Nullable Id128 ownNodeId) {
    Header header = message.header();
    MessageType type = message.type();
    Id128 source = peerSource(header);
    Id128 destination = peerDestination(header);
    boolean neighbour = type != null && NEIGHBOUR_MESSAGES.contains(type);
    if (neighbour && connectionNodeId != null && !source.equals(connectionNodeId)) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_IDENTITY_MISMATCH,
              true,
              "a neighbour message's Source Peer-ID is not the connection's Node-ID"));
    }
    if (neighbour && header.ttl() != 1) {
      return bad("a neighbour message has TTL 1, not " + header.ttl());
    }
    if (neighbour && ownNodeId != null && !destination.equals(ownNodeId)) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_WRONG_PEER,
              false,
              "a neighbour message addressed to another peer"));
    }
    if (type == null || !isPeerMessageType(type)) {
      return Optional.of(
          new PeerViolation(
              ResponseCode.UNRECOGNIZED_MESSAGE_TYPE,
              null,
              false,
              "message type " + header.type() + " is not a peer-protocol type"));
    }
    Optional<String> structure = requestStructure(type, message);
    if (structure.isPresent()) {
      return bad(structure.get());
    }
    if (header.jFlag() && type != MessageType.JOIN) {
      return bad("J = 1 on a " + type);
    }
    if (header.jFlag() && connectionNodeId != null && !source.equals(connectionNodeId)) {
      return Optional.of(
          PeerViolation.rejected(
              PeerSubCodes.REJECTED_IDENTITY_MISMATCH,
              false,
              "a joiner's JOIN whose Source Peer-ID is not the connection's Node-ID"));
    }
    if (header.ttl() == 0) {
      return Optional.of(
          new PeerViolation(
              ResponseCode.REQUEST_FAILED, PeerSubCodes.FAILED_TTL_EXCEEDED, false, "TTL 0"));
    }
    return requestContent(type, message).flatMap(PeerMessageValidator::bad);
  }

  private static Optional<PeerViolation> bad(String reason) {
    return Optional.of(PeerViolation.badParameters(reason));
  }

  /** Required attributes missing or repeated, a false Source Peer Info, a Peer-ID of 0. */
  private static Optional<String> requestStructure(MessageType type, Message message) {
    Optional<String> repeated = repeated(message, type == MessageType.TRANSFER, false);
    if (repeated.isPresent()) {
      return repeated;
    }
    PeerInfo sourceInfo = peerInfo(message, true);
    if (sourceInfo == null) {
      return Optional.of("every request carries a Source Peer Info");
    }
    if (!sourceInfo.peerId().equals(message.header().sourcePeerId())) {
      return Optional.of("the Source Peer Info's Peer-ID is not the Source Peer-ID");
    }
    Optional<String> zero = zeroPeerId(message);
    if (zero.isPresent()) {
      return zero;
    }
    return switch (type) {
      case LEAVE -> {
        EventInfo event = message.first(EventInfo.class);
        if (message.first(RoutingTable.class) == null) {
          yield Optional.of("a LEAVE carries the leaver's Routing Table");
        }
        yield event != null && event.eventType() != EventInfo.ABOUT_TO_LEAVE
            ? Optional.of("a LEAVE's Event Info has type 0")
            : Optional.empty();
      }
      case NOTIFY ->
          message.first(StatusAttribute.class) == null && message.first(EventInfo.class) == null
              ? Optional.of("a NOTIFY carries a Status, an Event Info or both")
              : Optional.empty();
      case UPDATE -> {
        UpdateTypeAttribute update = message.first(UpdateTypeAttribute.class);
        if (update == null) {
          yield Optional.of("an UPDATE carries an Update Type");
        }
        yield update.updateType() != UpdateTypeAttribute.CHECK_ROUTING_STATE
                && update.updateType() != UpdateTypeAttribute.SEND_ROUTING_TABLE
            ? Optional.of("Update Type " + update.updateType() + " is neither 0 nor 1")
            : Optional.empty();
      }
      case TRANSFER ->
          message.first(NegotiationInfo.class) == null
              ? Optional.of("a TRANSFER carries a Negotiation Info")
              : Optional.empty();
      case PUT, GET, REMOVE ->
          message.first(ResourceInfo.class) == null
              ? Optional.of("a " + type + " carries exactly one Resource Info")
              : Optional.empty();
      case LOOKUP_SERVICE_PEER ->
          message.first(ServicePeerInfo.class) == null
              ? Optional.of("a LookUpServicePeer carries a Service Peer Info")
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** The rows after TTL 0: the data messages' content and the TRANSFER rules. */
  private static Optional<String> requestContent(MessageType type, Message message) {
    Header header = message.header();
    return switch (type) {
      case JOIN ->
          peerDestination(header).equals(peerSource(header))
              ? Optional.empty()
              : Optional.of("a JOIN's Destination ID is its Source Peer-ID (the joiner)");
      case LOOKUP_SERVICE_PEER ->
          header.hFlag() ? Optional.empty() : Optional.of("a LookUpServicePeer is sent with H = 1");
      case PUT -> {
        ResourceInfo object = message.first(ResourceInfo.class);
        if (!object.resourceId().equals(header.destinationId())) {
          yield Optional.of("a PUT's Destination ID is its Resource-ID");
        }
        if (object.owner() == null || object.contentHash() == null) {
          yield Optional.of("a PUT's Resource Info has O and H");
        }
        yield object.content() != null && !object.hashMatchesContent()
            ? Optional.of("the Hash Code does not match the content")
            : Optional.empty();
      }
      case REMOVE -> {
        ResourceInfo object = message.first(ResourceInfo.class);
        if (!object.resourceId().equals(header.destinationId())) {
          yield Optional.of("a REMOVE's Destination ID is its Resource-ID");
        }
        if (object.owner() == null || object.contentHash() == null) {
          yield Optional.of("a REMOVE names its object by O and H");
        }
        yield object.content() != null
            ? Optional.of("a REMOVE carries no content")
            : Optional.empty();
      }
      case GET ->
          message.first(ResourceInfo.class).content() != null
              ? Optional.of("a GET carries no content")
              : Optional.empty();
      case TRANSFER -> transferViolation(message);
      default -> Optional.empty();
    };
  }

  private static Optional<String> transferViolation(Message message) {
    NegotiationInfo negotiation = message.first(NegotiationInfo.class);
    List<StoredObject> objects = message.all(StoredObject.class);
    Mode mode = negotiation.mode();
    if ((mode == Mode.OFFER || mode == Mode.DIGEST) && !objects.isEmpty()) {
      return Optional.of("a TRANSFER " + mode + " carries no Stored Object");
    }
    if ((mode == Mode.DATA || mode == Mode.INVENTORY) && negotiation.count() != objects.size()) {
      return Optional.of(
          "Count " + negotiation.count() + " but " + objects.size() + " Stored Objects");
    }
    for (StoredObject object : objects) {
      ResourceInfo info = object.resourceInfo();
      if (!Ring.inHalfOpen(info.resourceId(), negotiation.rangeStart(), negotiation.rangeEnd())) {
        return Optional.of("a Stored Object outside the Range");
      }
      if (info.owner() == null || info.contentHash() == null || info.expiration() != null) {
        return Optional.of("a Stored Object's Resource Info has O and H set and E clear");
      }
      if (object.tombstone() && info.content() != null) {
        return Optional.of("a tombstone carries no content");
      }
      if (mode == Mode.DATA && !object.tombstone() && info.content() == null) {
        return Optional.of("a live Stored Object in DATA carries its content");
      }
      if (info.content() != null && !info.hashMatchesContent()) {
        return Optional.of("a Stored Object's Hash Code does not match its content");
      }
      if (Long.compareUnsigned(object.expiry(), object.storageTime()) <= 0) {
        return Optional.of("a Stored Object's Expiry is not after its Storage Time");
      }
    }
    return Optional.empty();
  }

  // ---- responses ----

  private static Optional<String> responseViolation(Message message) {
    Header header = message.header();
    MessageType type = message.type();
    if (type == null || !isPeerMessageType(type)) {
      return Optional.of("an answer of type " + header.type() + " answers no peer request");
    }
    if (header.ttl() == 0) {
      return Optional.of("a response with TTL 0");
    }
    Optional<String> repeated =
        repeated(message, type == MessageType.TRANSFER, type == MessageType.GET);
    if (repeated.isPresent()) {
      return repeated;
    }
    ResponseAttribute response = message.response();
    if (response == null || peerInfo(message, false) == null) {
      return Optional.of("a response carries a Response and a Destination Peer Info");
    }
    Optional<String> zero = zeroPeerId(message);
    if (zero.isPresent() || response.code() != ResponseCode.OK.code()) {
      return zero;
    }
    return switch (type) {
      case JOIN ->
          require(message, RoutingTable.class, "a 200 JOIN answer carries a Routing Table");
      case KEEPALIVE ->
          require(message, StatusAttribute.class, "a 200 KEEPALIVE answer carries a Status");
      case SEARCH_PEER ->
          message.first(StatusAttribute.class) == null || message.first(RoutingTable.class) == null
              ? Optional.of("a 200 SearchPeer answer carries a Status and a Routing Table")
              : Optional.empty();
      case UPDATE -> {
        UpdateTypeAttribute update = message.first(UpdateTypeAttribute.class);
        if (update == null) {
          yield Optional.of("a 200 UPDATE answer carries the Update Type");
        }
        boolean table = message.first(RoutingTable.class) != null;
        yield table != (update.updateType() == UpdateTypeAttribute.SEND_ROUTING_TABLE)
            ? Optional.of("a 200 UPDATE answer carries a Routing Table iff Update Type = 1")
            : Optional.empty();
      }
      case GET -> {
        for (ResourceInfo object : message.all(ResourceInfo.class)) {
          if (object.flags()
              != (ResourceInfo.E_FLAG
                  | ResourceInfo.O_FLAG
                  | ResourceInfo.H_FLAG
                  | ResourceInfo.C_FLAG)) {
            yield Optional.of("a GET answer's Resource Info has E, O, H and C set");
          }
        }
        yield Optional.empty();
      }
      case LOOKUP_SERVICE_PEER ->
          require(
              message,
              ServicePeerInfo.class,
              "a 200 LookUpServicePeer answer carries a Service Peer Info");
      default -> Optional.empty();
    };
  }

  // ---- shared ----

  private static Optional<String> require(
      Message message, Class<? extends Attribute> type, String reason) {
    return message.first(type) == null ? Optional.of(reason) : Optional.empty();
  }

  /**
   * An attribute appears once unless the page gives "0..n": Stored Object in TRANSFER, Resource
   * Info in a GET answer.
   */
  private static Optional<String> repeated(
      Message message, boolean storedObjects, boolean resourceInfos) {
    Set<Integer> seen = new HashSet<>();
    for (Attribute attribute : message.attributes()) {
      int type = attribute.type();
      if (storedObjects && type == AttributeType.STORED_OBJECT
          || resourceInfos && type == AttributeType.RESOURCE_INFO) {
        continue;
      }
      if (!seen.add(type)) {
        return Optional.of("attribute 0x" + Integer.toHexString(type) + " repeated");
      }
    }
    return Optional.empty();
  }

  private static @Nullable PeerInfo peerInfo(Message message, boolean source) {
    for (PeerInfo info : message.all(PeerInfo.class)) {
      if (info.source() == source) {
        return info;
      }
    }
    return null;
  }

  /** A Peer-ID of 0 in the header's Source Peer-ID or in any peer description. */
  private static Optional<String> zeroPeerId(Message message) {
    if (isZero(peerSource(message.header()))) {
      return Optional.of("Source Peer-ID 0");
    }
    for (Attribute attribute : message.attributes()) {
      boolean zero = false;
      if (attribute instanceof PeerInfo info) {
        zero = isZero(info.peerId());
      } else if (attribute instanceof RoutingTable table) {
        zero = table.entries().stream().anyMatch(entry -> isZero(entry.peerId()));
      } else if (attribute instanceof ServicePeerInfo service) {
        zero =
            service.peers().stream()
                .map(ServicePeer::peerId)
                .anyMatch(PeerMessageValidator::isZero);
      }
      if (zero) {
        return Optional.of("a Peer-ID of 0");
      }
    }
    return Optional.empty();
  }

  private static Id128 peerSource(Header header) {
    Id128 source = header.sourcePeerId();
    if (source == null) {
      throw new IllegalArgumentException("not a peer-protocol header: " + header);
    }
    return source;
  }

  private static Id128 peerDestination(Header header) {
    Id128 destination = header.destinationId();
    if (destination == null) {
      throw new IllegalArgumentException("not a peer-protocol header: " + header);
    }
    return destination;
  }
}
