package org.p2psip.protocol.codec;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
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

  public static Arbitrary<Attribute> attribute() {
    return Arbitraries.oneOf(
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

  /** A valid message's bytes, for seeding fuzzers. */
  public static List<byte[]> sampleEncodings(int count) {
    return message().sampleStream().limit(count).map(MessageCodec::encodeToBytes).toList();
  }
}
