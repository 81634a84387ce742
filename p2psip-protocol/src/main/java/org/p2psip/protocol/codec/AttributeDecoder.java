package org.p2psip.protocol.codec;

import static org.p2psip.protocol.codec.MalformedMessageException.badParameters;
import static org.p2psip.protocol.codec.MalformedMessageException.framing;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.AttributeType;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.NegotiationInfo.Mode;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo.CandidateType;
import org.p2psip.protocol.attribute.PeerAddressInfo.Transport;
import org.p2psip.protocol.attribute.PeerIdAttribute;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.Security.AuthType;
import org.p2psip.protocol.attribute.Security.CryptoType;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Decodes TLV attributes (docs/protocol.md section 2, docs/peer-protocol.md 2.3). Every length is
 * checked against the bytes of its enclosing scope before anything is read or allocated, so no
 * input makes it read past a message, allocate more than the message holds, or recurse without
 * bound.
 *
 * <p>Outcomes: a TLV that overruns the message loses framing (401, close); a TLV that overruns its
 * parent composite, or a known attribute whose value is malformed, is 401; an unknown attribute
 * with M = 1 is 435; an unknown one with M = 0 is skipped.
 */
final class AttributeDecoder {

  /**
   * Client may nest attributes that are composites themselves; this bounds the recursion. The
   * deepest fixed nesting is Routing Table, Peer Info, Peer Address Info (depth 2).
   */
  static final int MAX_DEPTH = 4;

  private static final int M_BIT = 0x80;

  private AttributeDecoder() {}

  /** Decodes the attributes between the reader index and {@code end}, the end of the message. */
  static List<Attribute> decodeMessageAttributes(ByteBuf in, int end) {
    return decodeAll(in, end, 0);
  }

  private static List<Attribute> decodeAll(ByteBuf in, int end, int depth) {
    if (depth > MAX_DEPTH) {
      throw badParameters("attributes nested deeper than " + MAX_DEPTH);
    }
    List<Attribute> attributes = new ArrayList<>(4);
    while (in.readerIndex() < end) {
      int available = end - in.readerIndex();
      if (available < Attribute.HEADER_LENGTH) {
        throw overrun(depth, "a " + available + "-byte remainder is no attribute header");
      }
      int first = in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int length = in.readUnsignedShort();
      int valueEnd = in.readerIndex() + length;
      if (valueEnd > end) {
        throw overrun(
            depth, "attribute 0x" + Integer.toHexString(type) + " overruns by " + (valueEnd - end));
      }
      Attribute attribute = decodeValue(in, first, type, length, depth);
      if (attribute != null) {
        attributes.add(attribute);
      }
      if (in.readerIndex() != valueEnd) {
        throw badParameters("attribute 0x" + Integer.toHexString(type) + " has trailing bytes");
      }
    }
    return attributes;
  }

  private static MalformedMessageException overrun(int depth, String reason) {
    // At the top level the attribute overruns the message itself: docs/protocol.md 1.3 calls that a
    // framing error. Inside a composite the message's own length still frames the stream.
    return depth == 0 ? framing(reason) : badParameters(reason);
  }

  /** Decodes one Value; null for a skipped unknown attribute. */
  private static @Nullable Attribute decodeValue(
      ByteBuf in, int first, int type, int length, int depth) {
    return switch (type) {
      case AttributeType.PEER_ADDRESS_INFO -> peerAddressInfo(in, length);
      case AttributeType.PEER_SERVICE_CAPABILITY -> {
        expectLength(type, length, 2);
        yield PeerServiceCapability.fromBits(in.readUnsignedShort());
      }
      case AttributeType.PEER_ID -> {
        expectLength(type, length, Id128.LENGTH);
        yield new PeerIdAttribute(readId(in));
      }
      case AttributeType.SOURCE_PEER_INFO, AttributeType.DESTINATION_PEER_INFO ->
          peerInfo(in, type == AttributeType.SOURCE_PEER_INFO, length, depth);
      case AttributeType.RESOURCE_INFO -> resourceInfo(in, length);
      case AttributeType.RESPONSE -> {
        if (length != 2 && length != 4) {
          throw badParameters("Response has 2 or 4 bytes, not " + length);
        }
        int code = in.readUnsignedShort();
        yield new ResponseAttribute(code, length == 4 ? in.readUnsignedShort() : null);
      }
      case AttributeType.STATUS -> {
        expectLength(type, length, 2);
        PeerStatus status = PeerStatus.fromCode(in.readUnsignedShort());
        if (status == null) {
          throw badParameters("unknown Status code");
        }
        yield new StatusAttribute(status);
      }
      case AttributeType.EVENT_INFO -> {
        if (length < 1) {
          throw badParameters("Event Info needs its Event Type byte");
        }
        int eventType = in.readUnsignedByte();
        yield new EventInfo(eventType, readUtf8(in, length - 1));
      }
      case AttributeType.UPDATE_TYPE -> {
        expectLength(type, length, 1);
        yield new UpdateTypeAttribute(in.readUnsignedByte());
      }
      case AttributeType.UPTIME -> {
        expectLength(type, length, 4);
        yield new Uptime(in.readUnsignedInt());
      }
      case AttributeType.OVERLAY_INFO -> overlayInfo(in, length);
      case AttributeType.CLIENT -> clientInfo(in, first, length, depth);
      case AttributeType.SECURITY -> security(in, length);
      case AttributeType.NEGOTIATION_INFO -> negotiationInfo(in, length);
      case AttributeType.SERVICE_PEER_INFO ->
          servicePeerInfo(in, length, depth, (first & M_BIT) != 0);
      case AttributeType.ROUTING_TABLE -> routingTable(in, length, depth);
      case AttributeType.STORED_OBJECT -> storedObject(in, length, depth);
      default -> unknown(in, first, type, length);
    };
  }

  private static @Nullable Attribute unknown(ByteBuf in, int first, int type, int length) {
    if ((first & M_BIT) != 0) {
      throw new MalformedMessageException(
          ResponseCode.UNRECOGNIZED_OBJECT_TYPE,
          false,
          "unknown attribute 0x" + Integer.toHexString(type) + " with M=1");
    }
    in.skipBytes(length);
    return null;
  }

  private static void expectLength(int type, int length, int expected) {
    if (length != expected) {
      throw badParameters(
          "attribute 0x"
              + Integer.toHexString(type)
              + " has "
              + expected
              + " bytes of value, not "
              + length);
    }
  }

  private static PeerAddressInfo peerAddressInfo(ByteBuf in, int length) {
    if (length != 12 && length != 24) {
      throw badParameters("Peer Address Info has 12 or 24 bytes, not " + length);
    }
    int transAndType = in.readUnsignedByte();
    Transport transport = Transport.fromCode(transAndType >>> 4);
    CandidateType candidateType = CandidateType.fromCode(transAndType & 0x0F);
    if (transport == null || candidateType == null) {
      throw badParameters("unknown transport or candidate type in Peer Address Info");
    }
    int usage = in.readUnsignedByte(); // docs/peer-protocol.md 2.3; docs/protocol.md's Reserved
    int port = in.readUnsignedShort();
    long priority = in.readUnsignedInt();
    return new PeerAddressInfo(
        transport, candidateType, usage, port, priority, readOctets(in, length - 8));
  }

  private static PeerInfo peerInfo(ByteBuf in, boolean source, int length, int depth) {
    List<Attribute> parts = decodeAll(in, in.readerIndex() + length, depth + 1);
    Id128 peerId = null;
    PeerServiceCapability capability = null;
    List<PeerAddressInfo> addresses = new ArrayList<>(2);
    for (Attribute part : parts) {
      if (part instanceof PeerIdAttribute id && peerId == null) {
        peerId = id.peerId();
      } else if (part instanceof PeerServiceCapability cap && capability == null) {
        capability = cap;
      } else if (part instanceof PeerAddressInfo address) {
        addresses.add(address);
      } else {
        throw badParameters("peer info holds an unexpected or repeated " + part.type());
      }
    }
    if (peerId == null || capability == null || addresses.isEmpty()) {
      throw badParameters("peer info needs a Peer-ID, a capability and an address");
    }
    return new PeerInfo(source, peerId, capability, addresses);
  }

  private static ResourceInfo resourceInfo(ByteBuf in, int length) {
    if (length < ResourceInfo.FIXED_LENGTH) {
      throw badParameters("Resource Info is shorter than its fixed part");
    }
    int flagsAndType = in.readUnsignedShort();
    int flags = flagsAndType >>> 12;
    int valueType = flagsAndType & 0x0FFF;
    int valueLength = in.readUnsignedShort();
    boolean e = (flags & ResourceInfo.E_FLAG) != 0;
    boolean o = (flags & ResourceInfo.O_FLAG) != 0;
    boolean h = (flags & ResourceInfo.H_FLAG) != 0;
    boolean c = (flags & ResourceInfo.C_FLAG) != 0;
    if (!c && valueLength != 0) {
      throw badParameters("Resource Info without C has a non-zero Value Length");
    }
    int expected =
        ResourceInfo.FIXED_LENGTH
            + (e ? 4 : 0)
            + (o ? Id128.LENGTH : 0)
            + (h ? ResourceInfo.HASH_LENGTH : 0)
            + valueLength;
    if (expected != length) {
      throw badParameters("Resource Info flags and Value Length say " + expected + " bytes");
    }
    Id128 resourceId = readId(in);
    Long expiration = e ? in.readUnsignedInt() : null;
    Id128 owner = o ? readId(in) : null;
    Octets hash = h ? readOctets(in, ResourceInfo.HASH_LENGTH) : null;
    Octets content = c ? readOctets(in, valueLength) : null;
    return new ResourceInfo(valueType, resourceId, expiration, owner, hash, content);
  }

  private static NegotiationInfo negotiationInfo(ByteBuf in, int length) {
    if (length != NegotiationInfo.BASE_LENGTH
        && length != NegotiationInfo.DIGEST_LENGTH
        && length != NegotiationInfo.BUCKETS_LENGTH) {
      throw badParameters("Negotiation Info has 56, 88 or 600 bytes, not " + length);
    }
    Mode mode = Mode.fromCode(in.readUnsignedByte());
    Reason reason = Reason.fromCode(in.readUnsignedByte());
    if (mode == null || reason == null) {
      throw badParameters("unknown Mode or Reason in Negotiation Info");
    }
    if ((mode == Mode.DIGEST) != (length != NegotiationInfo.BASE_LENGTH)) {
      throw badParameters("a Digest is carried by the DIGEST mode, and only by it");
    }
    boolean last = (in.readUnsignedByte() & NegotiationInfo.L_FLAG) != 0; // other bits: ignored
    in.skipBytes(1); // reserved
    long transferId = in.readUnsignedInt();
    Id128 rangeStart = readId(in);
    Id128 rangeEnd = readId(in);
    long cutoff = in.readLong();
    long count = in.readUnsignedInt();
    long bytes = in.readUnsignedInt();
    Octets digest =
        length != NegotiationInfo.BASE_LENGTH ? readOctets(in, NegotiationInfo.DIGEST_SIZE) : null;
    List<Octets> buckets = new ArrayList<>(0);
    if (length == NegotiationInfo.BUCKETS_LENGTH) {
      for (int i = 0; i < NegotiationInfo.BUCKETS; i++) {
        buckets.add(readOctets(in, NegotiationInfo.DIGEST_SIZE));
      }
    }
    return new NegotiationInfo(
        mode,
        reason,
        last,
        transferId,
        rangeStart,
        rangeEnd,
        cutoff,
        count,
        bytes,
        digest,
        buckets);
  }

  private static ServicePeerInfo servicePeerInfo(
      ByteBuf in, int length, int depth, boolean mustUnderstand) {
    if (length < ServicePeerInfo.FIXED_LENGTH) {
      throw badParameters("Service Peer Info is shorter than its 4 fixed bytes");
    }
    int num = in.readUnsignedByte();
    ServiceType serviceType = ServiceType.fromCode(in.readUnsignedByte());
    if (serviceType == null) {
      throw badParameters("unknown Service Type in Service Peer Info");
    }
    int maxNum = in.readUnsignedByte();
    in.skipBytes(1); // reserved
    List<Attribute> parts =
        decodeAll(in, in.readerIndex() + length - ServicePeerInfo.FIXED_LENGTH, depth + 1);
    List<ServicePeer> peers = new ArrayList<>(Math.min(num, parts.size()));
    Id128 peerId = null;
    List<PeerAddressInfo> addresses = new ArrayList<>(2);
    for (Attribute part : parts) {
      if (part instanceof PeerIdAttribute id) {
        if (peerId != null) {
          peers.add(servicePeer(peerId, addresses));
        }
        peerId = id.peerId();
        addresses = new ArrayList<>(2);
      } else if (part instanceof PeerAddressInfo address && peerId != null) {
        addresses.add(address);
      } else {
        throw badParameters("Service Peer Info entries are a Peer-ID and its addresses");
      }
    }
    if (peerId != null) {
      peers.add(servicePeer(peerId, addresses));
    }
    if (peers.size() != num) {
      throw badParameters("Num of Peers " + num + " but " + peers.size() + " entries");
    }
    return new ServicePeerInfo(serviceType, maxNum, peers, mustUnderstand);
  }

  private static ServicePeer servicePeer(Id128 peerId, List<PeerAddressInfo> addresses) {
    if (addresses.isEmpty()) {
      throw badParameters("a Service Peer Info entry has no Peer Address Info");
    }
    return new ServicePeer(peerId, addresses);
  }

  private static RoutingTable routingTable(ByteBuf in, int length, int depth) {
    if (length < RoutingTable.FIXED_LENGTH) {
      throw badParameters("Routing Table is shorter than its 4 fixed bytes");
    }
    int np = in.readUnsignedByte();
    int ns = in.readUnsignedByte();
    int nf = in.readUnsignedByte();
    in.skipBytes(1); // reserved
    if (np > RoutingTable.MAX_PREDECESSORS
        || ns > RoutingTable.MAX_SUCCESSORS
        || nf > RoutingTable.MAX_FINGERS) {
      throw badParameters("Routing Table counts " + np + "/" + ns + "/" + nf + " above 16/16/128");
    }
    List<Attribute> parts =
        decodeAll(in, in.readerIndex() + length - RoutingTable.FIXED_LENGTH, depth + 1);
    if (parts.size() != np + ns + nf) {
      throw badParameters(
          "Routing Table counts say " + (np + ns + nf) + " entries, it holds " + parts.size());
    }
    List<PeerInfo> entries = new ArrayList<>(parts.size());
    for (Attribute part : parts) {
      if (!(part instanceof PeerInfo entry) || !entry.source()) {
        throw badParameters("Routing Table entries are Peer Info TLVs of type 0x03");
      }
      entries.add(entry);
    }
    return new RoutingTable(
        entries.subList(0, np),
        entries.subList(np, np + ns),
        entries.subList(np + ns, np + ns + nf));
  }

  private static StoredObject storedObject(ByteBuf in, int length, int depth) {
    if (length < StoredObject.FIXED_LENGTH + Attribute.HEADER_LENGTH) {
      throw badParameters("Stored Object is shorter than its fixed part and a Resource Info");
    }
    long storageTime = in.readLong();
    long expiry = in.readLong();
    boolean tombstone = (in.readUnsignedByte() & StoredObject.T_FLAG) != 0; // other bits: ignored
    in.skipBytes(1); // reserved
    List<Attribute> parts =
        decodeAll(in, in.readerIndex() + length - StoredObject.FIXED_LENGTH, depth + 1);
    if (parts.size() != 1 || !(parts.get(0) instanceof ResourceInfo resourceInfo)) {
      throw badParameters("a Stored Object holds exactly one Resource Info");
    }
    return new StoredObject(storageTime, expiry, tombstone, resourceInfo);
  }

  private static OverlayInfo overlayInfo(ByteBuf in, int length) {
    if (length < 4) {
      throw badParameters("Overlay Info has at least 4 bytes");
    }
    HashAlgorithm algorithm = HashAlgorithm.fromCode(in.readUnsignedByte());
    if (algorithm == null) {
      throw badParameters("unknown hash algorithm in Overlay Info");
    }
    int overlayId = in.readUnsignedMedium();
    return new OverlayInfo(algorithm, overlayId, readUtf8(in, length - 4));
  }

  private static ClientInfo clientInfo(ByteBuf in, int first, int length, int depth) {
    boolean hasStorage = (first & ClientInfo.C_BIT) != 0;
    int version = (first >>> 3) & 0x07;
    int addressLength =
        switch (version) {
          case 0 -> 4;
          case 1 -> 16;
          default -> throw badParameters("Client Ver " + version + " is neither IPv4 nor IPv6");
        };
    int fixed = (hasStorage ? 4 : 0) + addressLength;
    if (length < fixed) {
      throw badParameters("Client is shorter than its storage and address fields");
    }
    Long storage = hasStorage ? in.readUnsignedInt() : null;
    Octets address = readOctets(in, addressLength);
    List<Attribute> nested =
        length > fixed ? decodeAll(in, in.readerIndex() + length - fixed, depth + 1) : List.of();
    return new ClientInfo(storage, address, nested);
  }

  private static Security security(ByteBuf in, int length) {
    int end = in.readerIndex() + length;
    AuthType authType = null;
    CryptoType cryptoType = null;
    String username = null;
    Octets password = null;
    Octets challenge = null;
    int seen = 0;
    while (in.readerIndex() < end) {
      if (end - in.readerIndex() < Attribute.HEADER_LENGTH) {
        throw badParameters("truncated Security sub-attribute");
      }
      int first = in.readUnsignedByte();
      int subType = in.readUnsignedByte();
      int subLength = in.readUnsignedShort();
      if (in.readerIndex() + subLength > end) {
        throw badParameters("Security sub-attribute overruns the Security attribute");
      }
      if (subType >= AttributeType.SECURITY_AUTH_CRYPTO
          && subType <= AttributeType.SECURITY_CHALLENGE
          && (seen & 1 << subType) != 0) {
        throw badParameters("Security sub-attribute " + subType + " repeated");
      }
      seen |= 1 << Math.min(subType, 31);
      switch (subType) {
        case AttributeType.SECURITY_AUTH_CRYPTO -> {
          if (subLength != 2) {
            throw badParameters("Auth & Crypto Type has 2 bytes");
          }
          authType = AuthType.fromCode(in.readUnsignedByte());
          cryptoType = CryptoType.fromCode(in.readUnsignedByte());
          if (authType == null || cryptoType == null) {
            throw badParameters("unknown Auth Type or Crypto Type");
          }
        }
        case AttributeType.SECURITY_USERNAME -> username = readUtf8(in, subLength);
        case AttributeType.SECURITY_PASSWORD -> password = readOctets(in, subLength);
        case AttributeType.SECURITY_CHALLENGE -> challenge = readOctets(in, subLength);
        default -> unknown(in, first, subType, subLength);
      }
    }
    return new Security(authType, cryptoType, username, password, challenge);
  }

  private static Id128 readId(ByteBuf in) {
    byte[] bytes = new byte[Id128.LENGTH];
    in.readBytes(bytes);
    return Id128.wrap(bytes);
  }

  private static Octets readOctets(ByteBuf in, int length) {
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    return Octets.wrap(bytes);
  }

  /** Strict UTF-8: malformed text is a malformed attribute, not replacement characters. */
  private static String readUtf8(ByteBuf in, int length) {
    if (length == 0) {
      return "";
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(in.nioBuffer(in.readerIndex(), length))
              .toString();
      in.skipBytes(length);
      return text;
    } catch (CharacterCodingException e) {
      throw badParameters("text is not valid UTF-8");
    }
  }
}
