package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.util.Hexadecimals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psip.protocol.TestHex;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.EventInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo.CandidateType;
import org.p2psip.protocol.attribute.PeerAddressInfo.Transport;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.Security.AuthType;
import org.p2psip.protocol.attribute.Security.CryptoType;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.attribute.UpdateTypeAttribute;
import org.p2psip.protocol.attribute.Uptime;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Golden vectors: every message type as request and response, written byte by byte from the drafts'
 * figures and docs/protocol.md (never produced by our encoder). Each must decode to the model given
 * beside it and re-encode to the same bytes. Hashes and Resource-IDs were computed with Python's
 * hashlib: SHA-1("alice@example.org")[:16] and SHA-256(content)[:16]. Peer-protocol answers keep
 * the request's Source Peer-ID and Destination ID, clear H, D, F and J and carry the initial TTL
 * (docs/peer-protocol.md 2.1); section 10's examples are in {@link PeerGoldenVectorsTest}.
 */
class GoldenVectorsTest {

  static final Id128 HOST_PEER = Id128.fromHex("00112233445566778899aabbccddeeff");
  static final Id128 OWNER = Id128.fromHex("0102030405060708090a0b0c0d0e0f10");
  static final Id128 PEER_A = Id128.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  static final Id128 PEER_B = Id128.fromHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
  static final Id128 ALICE_RID = Id128.fromHex("45a6b241a242c97f0492d382c390dfa3");
  static final Octets CONTACT_V4 = Octets.utf8("sip:alice@192.0.2.10");
  static final Octets CONTACT_V4_HASH = Octets.fromHex("50757c75df5238a07915930b73e3b916");
  static final Octets CONTACT_V6 = Octets.utf8("sip:alice@[2001:db8::5]");
  static final Octets CONTACT_V6_HASH = Octets.fromHex("12ad67aa1f7b9558ff27764c901019af");
  static final Octets CHALLENGE =
      Octets.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  static final Octets CHAP_RESPONSE =
      Octets.fromHex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");

  record Vector(String name, String hex, Message model) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Header client(MessageType type, boolean response, int txid) {
    return new Header(
        type.code(), response, true, false, false, false, false, false, 0, txid, null, null);
  }

  static Header peer(MessageType type, boolean response, int ttl, int txid, Id128 s, Id128 d) {
    return new Header(
        type.code(), response, false, false, false, false, false, false, ttl, txid, s, d);
  }

  static Message msg(Header header, Attribute... attributes) {
    return new Message(header, List.of(attributes));
  }

  static final ResponseAttribute OK = new ResponseAttribute(200, null);

  static PeerInfo hostPeerV4() {
    return PeerInfo.destination(
        HOST_PEER,
        new PeerServiceCapability(false, true, false),
        List.of(
            new PeerAddressInfo(
                Transport.TCP, CandidateType.HOST, 6084, 0x7E0000FFL, Octets.fromHex("c0000201"))));
  }

  static final String HOST_PEER_V4_HEX =
      """
      80 04 002a                            # Destination Peer Info, 42 bytes
        80 02 0010                          #   Peer-ID
          00112233445566778899aabbccddeeff
        80 01 0002  4000                    #   capability: S (STUN)
        80 00 000c                          #   Peer Address Info, IPv4
          00 00 17c4 7e0000ff c0000201      #   TCP host, port 6084, prio, 192.0.2.1
      """;

  static Stream<Vector> vectors() {
    return Stream.of(
        new Vector(
            "Inquire request with Client (IPv4)",
            """
            10 40 0c 00  0014 0000  a1b2c3d4    # v1, C; INQUIRE; length 20; txid
            80 13 0004  c000020a                # Client: M, C=0, Ver=0; 192.0.2.10
            """,
            msg(
                client(MessageType.INQUIRE, false, 0xA1B2C3D4),
                new ClientInfo(null, Octets.fromHex("c000020a"), List.of()))),
        new Vector(
            "Inquire response 200",
            """
            18 40 0c 00  005d 0000  a1b2c3d4    # R; length 93
            80 07 0002  00c8                    # Response 200
            """
                + HOST_PEER_V4_HEX
                + """
            80 0c 0002  0000                    # Status good
            80 11 0004  00000e10                # Uptime 3600 s
            80 12 000b  01 abcdef 6578616d706c65  # Overlay Info: SHA-1, id abcdef, "example"
            """,
            msg(
                client(MessageType.INQUIRE, true, 0xA1B2C3D4),
                OK,
                hostPeerV4(),
                StatusAttribute.GOOD,
                new Uptime(3600),
                new OverlayInfo(HashAlgorithm.SHA1, 0xABCDEF, "example"))),
        new Vector(
            "Join request: Client with storage, IPv6 and nested Overlay Info",
            """
            10 40 00 00  002c 0000  00000001    # JOIN, length 44
            c8 13 001c                          # Client: M, C=1, Ver=1 (IPv6); 28 bytes
              00100000                          #   contributable storage 1 MiB
              20010db8000000000000000000000005  #   2001:db8::5
              80 12 0004  01 000001             #   nested Overlay Info, SHA-1, id 1
            """,
            msg(
                client(MessageType.JOIN, false, 1),
                new ClientInfo(
                    0x100000L,
                    Octets.fromHex("20010db8000000000000000000000005"),
                    List.of(new OverlayInfo(HashAlgorithm.SHA1, 1, ""))))),
        new Vector(
            "Join request answering a CHAP challenge",
            """
            10 40 00 00  004b 0000  00000002    # JOIN, length 75
            80 13 0004  c633640a                # Client 198.51.100.10
            80 14 0033                          # Security, 51 bytes
              80 01 0002  02 00                 #   Auth CHAP, Crypto none
              80 02 0005  616c696365            #   Username "alice"
              80 03 0020                        #   Password: 32-byte CHAP response
                f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff
            """,
            msg(
                client(MessageType.JOIN, false, 2),
                new ClientInfo(null, Octets.fromHex("c633640a"), List.of()),
                new Security(AuthType.CHAP, CryptoType.NONE, "alice", CHAP_RESPONSE, null))),
        new Vector(
            "Join response 404 Authentication Requested with a challenge",
            """
            18 40 00 00  0040 0000  00000001    # R, JOIN, length 64
            80 07 0002  0194                    # Response 404
            80 14 002a                          # Security, 42 bytes
              80 01 0002  02 00                 #   CHAP
              80 04 0020                        #   Challenge, 32 bytes
                000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
            """,
            msg(
                client(MessageType.JOIN, true, 1),
                new ResponseAttribute(404, null),
                Security.chapChallenge(CHALLENGE))),
        new Vector(
            "Join response 200 with an IPv6 Destination Peer Info",
            """
            18 40 00 00  004c 0000  00000002    # R, JOIN, length 76
            80 07 0002  00c8                    # Response 200
            80 04 0036                          # Destination Peer Info, 54 bytes
              80 02 0010  00112233445566778899aabbccddeeff
              80 01 0002  8000                  #   N: behind NAT
              80 00 0018                        #   Peer Address Info, 24 bytes (IPv6)
                03 00 17c4 00000000             #   TCP relayed, port 6084, prio 0
                20010db8000000000000000000000001
            """,
            msg(
                client(MessageType.JOIN, true, 2),
                OK,
                PeerInfo.destination(
                    HOST_PEER,
                    new PeerServiceCapability(true, false, false),
                    List.of(
                        new PeerAddressInfo(
                            Transport.TCP,
                            CandidateType.RELAYED,
                            6084,
                            0,
                            Octets.fromHex("20010db8000000000000000000000001")))))),
        new Vector(
            "Keep-alive request with Status",
            """
            10 40 02 00  0012 0000  0000002a    # KEEPALIVE, length 18
            80 0c 0002  0000                    # Status good
            """,
            msg(client(MessageType.KEEPALIVE, false, 42), StatusAttribute.GOOD)),
        new Vector(
            "Keep-alive response 200, peer busy",
            """
            18 40 02 00  0018 0000  0000002a    # R, length 24
            80 07 0002  00c8
            80 0c 0002  0001                    # Status busy
            """,
            msg(client(MessageType.KEEPALIVE, true, 42), OK, new StatusAttribute(PeerStatus.BUSY))),
        new Vector(
            "Notify request with E (no answer wanted): overlay interrupt, about to leave",
            """
            10 60 03 00  001a 0000  ffffffff    # C and E; NOTIFY; length 26
            80 0c 0002  0002                    # Status: overlay service interrupt
            80 0d 0004  00 627965               # Event Info: about to leave, "bye"
            """,
            msg(
                client(MessageType.NOTIFY, false, 0xFFFFFFFF).withSuppressResponse(true),
                new StatusAttribute(PeerStatus.OVERLAY_SERVICE_INTERRUPT),
                new EventInfo(EventInfo.ABOUT_TO_LEAVE, "bye"))),
        new Vector(
            "Notify response 200",
            """
            18 40 03 00  0012 0000  00000007
            80 07 0002  00c8
            """,
            msg(client(MessageType.NOTIFY, true, 7), OK)),
        new Vector(
            "Leave request",
            """
            10 40 01 00  000c 0000  00000003    # LEAVE, header only
            """,
            msg(client(MessageType.LEAVE, false, 3))),
        new Vector(
            "Leave response 200",
            """
            18 40 01 00  0012 0000  00000003
            80 07 0002  00c8
            """,
            msg(client(MessageType.LEAVE, true, 3), OK)),
        new Vector(
            "Put request: a SIP contact with E, O, H and C",
            """
            10 40 07 00  005c 0000  00000010    # PUT, length 92
            80 05 004c                          # Resource Info, 76 bytes
              f001 0014                         #   E|O|H|C, Value Type 1; Value Length 20
              45a6b241a242c97f0492d382c390dfa3  #   Resource-ID of alice@example.org
              00000e10                          #   Expiration 3600 s
              0102030405060708090a0b0c0d0e0f10  #   Owner Identity
              50757c75df5238a07915930b73e3b916  #   Hash Code
              7369703a616c696365403139322e302e322e3130  # "sip:alice@192.0.2.10"
            """,
            msg(
                client(MessageType.PUT, false, 0x10),
                new ResourceInfo(1, ALICE_RID, 3600L, OWNER, CONTACT_V4_HASH, CONTACT_V4))),
        new Vector(
            "Put request refreshing a lifetime (no content)",
            """
            10 40 07 00  0048 0000  00000011    # PUT, length 72
            80 05 0038                          # Resource Info, 56 bytes
              e001 0000                         #   E|O|H, type 1, Value Length 0
              45a6b241a242c97f0492d382c390dfa3
              00001c20                          #   7200 s
              0102030405060708090a0b0c0d0e0f10
              50757c75df5238a07915930b73e3b916
            """,
            msg(
                client(MessageType.PUT, false, 0x11),
                new ResourceInfo(1, ALICE_RID, 7200L, OWNER, CONTACT_V4_HASH, null))),
        new Vector(
            "Put response 409 with sub-code",
            """
            18 40 07 00  0014 0000  00000010
            80 07 0004  0199 0002               # Response 409, sub-code 2
            """,
            msg(client(MessageType.PUT, true, 0x10), new ResponseAttribute(409, 2))),
        new Vector(
            "Get request by Resource-ID",
            """
            10 40 08 00  0024 0000  00000020    # GET, length 36
            80 05 0014                          # Resource Info, 20 bytes
              0001 0000  45a6b241a242c97f0492d382c390dfa3
            """,
            msg(
                client(MessageType.GET, false, 0x20),
                new ResourceInfo(1, ALICE_RID, null, null, null, null))),
        new Vector(
            "Get response 200 with two objects",
            """
            18 40 08 00  00b5 0000  00000020    # R, GET, length 181
            80 07 0002  00c8
            80 05 004c                          # first object, 76 bytes
              f001 0014  45a6b241a242c97f0492d382c390dfa3
              00000dfc                          #   3580 s left
              0102030405060708090a0b0c0d0e0f10
              50757c75df5238a07915930b73e3b916
              7369703a616c696365403139322e302e322e3130
            80 05 004f                          # second object, 79 bytes
              f001 0017  45a6b241a242c97f0492d382c390dfa3
              0000003c                          #   60 s left
              0102030405060708090a0b0c0d0e0f10
              12ad67aa1f7b9558ff27764c901019af
              7369703a616c696365405b323030313a6462383a3a355d  # "sip:alice@[2001:db8::5]"
            """,
            msg(
                client(MessageType.GET, true, 0x20),
                OK,
                new ResourceInfo(1, ALICE_RID, 3580L, OWNER, CONTACT_V4_HASH, CONTACT_V4),
                new ResourceInfo(1, ALICE_RID, 60L, OWNER, CONTACT_V6_HASH, CONTACT_V6))),
        new Vector(
            "Get response 407 Not Found",
            """
            18 40 08 00  0012 0000  00000021
            80 07 0002  0197
            """,
            msg(client(MessageType.GET, true, 0x21), new ResponseAttribute(407, null))),
        new Vector(
            "Remove request naming owner and hash",
            """
            10 40 09 00  0044 0000  00000030    # REMOVE, length 68
            80 05 0034                          # Resource Info, 52 bytes
              6001 0000                         #   O|H, type 1
              45a6b241a242c97f0492d382c390dfa3
              0102030405060708090a0b0c0d0e0f10
              50757c75df5238a07915930b73e3b916
            """,
            msg(
                client(MessageType.REMOVE, false, 0x30),
                new ResourceInfo(1, ALICE_RID, null, OWNER, CONTACT_V4_HASH, null))),
        new Vector(
            "Remove response 200",
            """
            18 40 09 00  0012 0000  00000030
            80 07 0002  00c8
            """,
            msg(client(MessageType.REMOVE, true, 0x30), OK)),
        new Vector(
            "Update request (peer header, TTL 5)",
            """
            10 00 04 05  0031 0000  00000040    # C=0: peer header; UPDATE; TTL 5; length 49
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf    # Source Peer-ID
            b0b1b2b3b4b5b6b7b8b9babbbcbdbebf    # Destination ID
            80 0e 0001  01                      # Update Type: send routing table
            """,
            msg(
                peer(MessageType.UPDATE, false, 5, 0x40, PEER_A, PEER_B),
                new UpdateTypeAttribute(UpdateTypeAttribute.SEND_ROUTING_TABLE))),
        new Vector(
            "Update response 200",
            """
            18 00 04 20  0032 0000  00000040    # R; TTL 32, the initial TTL
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf    # Source Peer-ID kept (docs/peer-protocol.md 2.1)
            b0b1b2b3b4b5b6b7b8b9babbbcbdbebf    # Destination ID kept, not swapped
            80 07 0002  00c8
            """,
            msg(peer(MessageType.UPDATE, true, 32, 0x40, PEER_A, PEER_B), OK)),
        new Vector(
            "SearchPeer request with Source Peer Info",
            """
            10 00 05 08  005a 0000  00000050    # SearchPeer, TTL 8, length 90
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
            45a6b241a242c97f0492d382c390dfa3    # Destination: a Resource-ID
            80 03 002a                          # Source Peer Info, 42 bytes
              80 02 0010  a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
              80 01 0002  0000
              80 00 000c  11 00 13c4 00000001 cb007105   # UDP srflx, port 5060, 203.0.113.5
            """,
            msg(
                peer(MessageType.SEARCH_PEER, false, 8, 0x50, PEER_A, ALICE_RID),
                PeerInfo.source(
                    PEER_A,
                    PeerServiceCapability.NONE,
                    List.of(
                        new PeerAddressInfo(
                            Transport.UDP,
                            CandidateType.SERVER_REFLEXIVE,
                            5060,
                            1,
                            Octets.fromHex("cb007105")))))),
        new Vector(
            "SearchPeer response 200 with Destination Peer Info",
            """
            18 00 05 20  0060 0000  00000050    # TTL 32; length 96
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf    # IDs as in the request
            45a6b241a242c97f0492d382c390dfa3
            80 07 0002  00c8
            """
                + HOST_PEER_V4_HEX,
            msg(
                peer(MessageType.SEARCH_PEER, true, 32, 0x50, PEER_A, ALICE_RID),
                OK,
                hostPeerV4())),
        new Vector(
            "Transfer request with J and a content-only Resource Info",
            """
            10 80 06 00  0047 0000  00000060    # J set, C=0; TRANSFER; length 71
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
            b0b1b2b3b4b5b6b7b8b9babbbcbdbebf
            80 05 0017                          # Resource Info, 23 bytes
              1000 0003                         #   C only, type 0 (opaque), 3 bytes
              45a6b241a242c97f0492d382c390dfa3
              010203
            """,
            msg(
                new Header(
                    MessageType.TRANSFER.code(),
                    false,
                    false,
                    false,
                    false,
                    false,
                    false,
                    true,
                    0,
                    0x60,
                    PEER_A,
                    PEER_B),
                new ResourceInfo(0, ALICE_RID, null, null, null, Octets.fromHex("010203")))),
        new Vector(
            "Transfer response 200 (J cleared)",
            """
            18 00 06 20  0032 0000  00000060    # R; J cleared; TTL 32
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
            b0b1b2b3b4b5b6b7b8b9babbbcbdbebf
            80 07 0002  00c8
            """,
            msg(peer(MessageType.TRANSFER, true, 32, 0x60, PEER_A, PEER_B), OK)),
        new Vector(
            "LookUpServicePeer request with H and D",
            """
            16 00 0a 00  002c 0000  00000070    # v1, H, D; type 10; length 44
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
            b0b1b2b3b4b5b6b7b8b9babbbcbdbebf
            """,
            msg(
                new Header(
                    MessageType.LOOKUP_SERVICE_PEER.code(),
                    false,
                    false,
                    false,
                    true,
                    true,
                    false,
                    false,
                    0,
                    0x70,
                    PEER_A,
                    PEER_B))),
        new Vector(
            "LookUpServicePeer response 200 (H, D cleared)",
            """
            18 00 0a 20  0032 0000  00000070    # R; H, D, F, J cleared; TTL 32
            a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
            b0b1b2b3b4b5b6b7b8b9babbbcbdbebf
            80 07 0002  00c8
            """,
            msg(peer(MessageType.LOOKUP_SERVICE_PEER, true, 32, 0x70, PEER_A, PEER_B), OK)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesToTheModel(Vector vector) {
    assertThat(MessageCodec.decode(TestHex.bytes(vector.hex()))).isEqualTo(vector.model());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodesToTheSameBytes(Vector vector) {
    assertThat(MessageCodec.encodeToBytes(vector.model()))
        .asHexString()
        .isEqualTo(Hexadecimals.toHexString(TestHex.bytes(vector.hex())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void statedLengthIsTheRealLength(Vector vector) {
    byte[] bytes = TestHex.bytes(vector.hex());
    assertThat((bytes[4] & 0xFF) << 8 | bytes[5] & 0xFF).isEqualTo(bytes.length);
  }
}
