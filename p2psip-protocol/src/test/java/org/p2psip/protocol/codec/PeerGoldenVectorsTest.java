package org.p2psip.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.util.Hexadecimals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psip.protocol.TestHex;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.NegotiationInfo;
import org.p2psip.protocol.attribute.NegotiationInfo.Mode;
import org.p2psip.protocol.attribute.NegotiationInfo.Reason;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo.CandidateType;
import org.p2psip.protocol.attribute.PeerAddressInfo.Transport;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.RoutingTable;
import org.p2psip.protocol.attribute.ServicePeerInfo;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServicePeer;
import org.p2psip.protocol.attribute.ServicePeerInfo.ServiceType;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StoredObject;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerMessageValidator;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.PeerSubCodes;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Golden vectors of the peer protocol (C = 0), written byte by byte from docs/peer-protocol.md and
 * never produced by our encoder: the worked examples of its section 10 (the PUT as H sends it and
 * as I forwards it, P's answer as P sends it and as I relays it), the TRANSFER that section 10
 * describes in prose (P to R1, DATA, replicate, Range (I, P], one Stored Object) and its answer,
 * and one message for each attribute section 2.3 defines. Each decodes to the model beside it,
 * re-encodes to the same bytes and passes {@link PeerMessageValidator}.
 */
class PeerGoldenVectorsTest {

  static final Id128 H = Id128.fromHex("d0d1d2d3d4d5d6d7d8d9dadbdcdddedf");
  static final Id128 I = Id128.fromHex("303132333435363738393a3b3c3d3e3f");
  static final Id128 P = Id128.fromHex("4c4d4e4f505152535455565758595a5b");
  static final Id128 R1 = Id128.fromHex("606162636465666768696a6b6c6d6e6f");
  static final Id128 ALICE_RID = Id128.fromHex("45a6b241a242c97f0492d382c390dfa3");
  static final Id128 OWNER = Id128.fromHex("0102030405060708090a0b0c0d0e0f10");
  static final Octets CONTACT = Octets.utf8("sip:alice@192.0.2.10");
  static final Octets CONTACT_HASH = Octets.fromHex("50757c75df5238a07915930b73e3b916");
  static final long STORAGE_TIME = 0x0000019a2b3c4d5eL;
  static final long EXPIRY = STORAGE_TIME + 3_600_000L;

  record Vector(String name, String hex, Message model) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Header peer(MessageType type, boolean response, int ttl, int txid, Id128 s, Id128 d) {
    return new Header(
        type.code(), response, false, false, false, false, false, false, ttl, txid, s, d);
  }

  static Message msg(Header header, Attribute... attributes) {
    return new Message(header, List.of(attributes));
  }

  /** A TCP host address on the peer port 6094, Usage 0, priority 0. */
  static PeerAddressInfo peerPort(String ipv4Hex) {
    return new PeerAddressInfo(
        Transport.TCP, CandidateType.HOST, 0, 6094, 0, Octets.fromHex(ipv4Hex));
  }

  static PeerInfo info(boolean source, Id128 id, String ipv4Hex) {
    return new PeerInfo(source, id, PeerServiceCapability.NONE, List.of(peerPort(ipv4Hex)));
  }

  static final ResponseAttribute OK = new ResponseAttribute(200, null);

  // ---- section 10 ----

  static final String PUT_ATTRIBUTES =
      """
      80 03 002a                              # Source Peer Info, Value 42 bytes
        80 02 0010  d0d1d2d3d4d5d6d7d8d9dadbdcdddedf   #   Peer-ID (4 + 16)
        80 01 0002  0000                      #   capability: none (4 + 2)
        80 00 000c  00 00 17ce 00000000 0a000105   #   TCP host, Usage 0, port 6094, prio 0, 10.0.1.5
      80 05 004c                              # Resource Info, Value 76 bytes
        f001 0014                             #   E|O|H|C, Value Type 1 (SIP URI), Value Length 20
        45a6b241a242c97f0492d382c390dfa3      #   Resource-ID
        00000e10                              #   lifetime asked: 3600 s
        0102030405060708090a0b0c0d0e0f10      #   Owner Identity: the client's Node-ID
        50757c75df5238a07915930b73e3b916      #   Hash Code: SHA-256("sip:alice@192.0.2.10")[0..16]
        7369703a616c696365403139322e302e322e3130   # "sip:alice@192.0.2.10"
      """;

  static final String PUT_IDS =
      """
      d0d1d2d3d4d5d6d7d8d9dadbdcdddedf        # Source Peer-ID: H
      45a6b241a242c97f0492d382c390dfa3        # Destination ID: the Resource-ID (routed)
      """;

  static Message put(int ttl) {
    return msg(
        peer(MessageType.PUT, false, ttl, 0x5eed0001, H, ALICE_RID),
        info(true, H, "0a000105"),
        new ResourceInfo(1, ALICE_RID, 3600L, OWNER, CONTACT_HASH, CONTACT));
  }

  static final String ANSWER_REST =
      """
      d0d1d2d3d4d5d6d7d8d9dadbdcdddedf        # Source Peer-ID unchanged (H)
      45a6b241a242c97f0492d382c390dfa3        # Destination ID unchanged
      80 07 0002  00c8                        # Response 200
      80 04 002a                              # Destination Peer Info, Value 42 bytes: P
        80 02 0010  4c4d4e4f505152535455565758595a5b
        80 01 0002  0000
        80 00 000c  00 00 17ce 00000000 0a000107   #   TCP host, Usage 0, port 6094, 10.0.1.7
      """;

  static Message putAnswer(int ttl) {
    return msg(
        peer(MessageType.PUT, true, ttl, 0x5eed0001, H, ALICE_RID), OK, info(false, P, "0a000107"));
  }

  static final String TRANSFER_HEX =
      """
      10 00 06 01  00f8 0000  5eed0002        # v1 request, C=0; TRANSFER; TTL 1; length 248
      4c4d4e4f505152535455565758595a5b        # Source Peer-ID: P
      606162636465666768696a6b6c6d6e6f        # Destination ID: R1 (a neighbour)
      80 03 002a                              # Source Peer Info: P
        80 02 0010  4c4d4e4f505152535455565758595a5b
        80 01 0002  0000
        80 00 000c  00 00 17ce 00000000 0a000107
      80 06 0038                              # Negotiation Info, 56 bytes
        02 01 80 00                           #   DATA, replicate, L, reserved
        00000000                              #   Transfer-ID 0 (replicate)
        303132333435363738393a3b3c3d3e3f      #   Range start (exclusive): I
        4c4d4e4f505152535455565758595a5b      #   Range end (inclusive): P
        0000000000000000                      #   Cutoff 0
        00000001                              #   Count: one Stored Object
        00000000                              #   Bytes 0
      80 20 005e                              # Stored Object, 94 bytes (78 + 20 - 4)
        0000019a2b3c4d5e                      #   Storage Time (ms)
        0000019a2b733bde                      #   Expiry: Storage Time + 3,600,000 ms
        00 00                                 #   live, reserved
        80 05 0048                            #   Resource Info, 72 bytes
          7001 0014                           #     O|H|C (E cleared), type 1, Value Length 20
          45a6b241a242c97f0492d382c390dfa3
          0102030405060708090a0b0c0d0e0f10
          50757c75df5238a07915930b73e3b916
          7369703a616c696365403139322e302e322e3130
      """;

  static Message transfer() {
    return msg(
        peer(MessageType.TRANSFER, false, 1, 0x5eed0002, P, R1),
        info(true, P, "0a000107"),
        new NegotiationInfo(Mode.DATA, Reason.REPLICATE, true, 0, I, P, 0, 1, 0, null, List.of()),
        new StoredObject(
            STORAGE_TIME,
            EXPIRY,
            false,
            new ResourceInfo(1, ALICE_RID, null, OWNER, CONTACT_HASH, CONTACT)));
  }

  static Message transferAnswer() {
    return msg(
        peer(MessageType.TRANSFER, true, 32, 0x5eed0002, P, R1), OK, info(false, R1, "0a000108"));
  }

  // ---- further messages, one per attribute of section 2.3 ----

  static final String DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static String bucket(int i) {
    return String.format("%02x", i).repeat(32);
  }

  static final String BUCKETS_HEX =
      String.join(
          "\n",
          Stream.iterate(0, i -> i < 16, i -> i + 1)
              .map(i -> "  " + bucket(i) + "   #   bucket " + i)
              .toList());

  static Message digestRequest() {
    return msg(
        peer(MessageType.TRANSFER, false, 1, 0x5eed0003, P, R1),
        info(true, P, "0a000107"),
        new NegotiationInfo(
            Mode.DIGEST,
            Reason.REPAIR,
            false,
            0x01020304L,
            I,
            P,
            0x0000019a2b3c4000L,
            0,
            0,
            Octets.fromHex(DIGEST),
            List.of()));
  }

  static Message digestAnswer() {
    return msg(
        peer(MessageType.TRANSFER, true, 32, 0x5eed0003, P, R1),
        OK,
        info(false, R1, "0a000108"),
        new NegotiationInfo(
            Mode.DIGEST,
            Reason.REPAIR,
            false,
            0x01020304L,
            I,
            P,
            0x0000019a2b3c4000L,
            2,
            0,
            Octets.fromHex("ab".repeat(32)),
            Stream.iterate(0, i -> i < 16, i -> i + 1)
                .map(i -> Octets.fromHex(bucket(i)))
                .toList()));
  }

  static Message searchPeerAnswer() {
    return msg(
        peer(MessageType.SEARCH_PEER, true, 32, 0x5eed0004, H, ALICE_RID),
        OK,
        info(false, P, "0a000107"),
        StatusAttribute.GOOD,
        new RoutingTable(
            List.of(info(true, I, "0a000106")), List.of(info(true, R1, "0a000108")), List.of()));
  }

  static Message lookUpRequest() {
    return msg(
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
            0x5eed0005,
            H,
            R1),
        info(true, H, "0a000105"),
        ServicePeerInfo.query(ServiceType.HOST_PEER, 3));
  }

  static Message lookUpAnswer() {
    return msg(
        peer(MessageType.LOOKUP_SERVICE_PEER, true, 32, 0x5eed0005, H, R1),
        OK,
        info(false, R1, "0a000108"),
        new ServicePeerInfo(
            ServiceType.HOST_PEER,
            3,
            List.of(
                new ServicePeer(
                    P,
                    List.of(
                        new PeerAddressInfo(
                            Transport.TCP,
                            CandidateType.HOST,
                            PeerAddressInfo.USAGE_CLIENT,
                            6084,
                            0,
                            Octets.fromHex("0a000107")))))));
  }

  static Message handshake() {
    return msg(
        peer(MessageType.KEEPALIVE, false, 1, 0x5eed0006, H, Id128.wrap(new byte[16])),
        info(true, H, "0a000105"),
        new OverlayInfo(HashAlgorithm.SHA1, 0xabcdef, "example"));
  }

  static Stream<Vector> vectors() {
    return Stream.of(
        new Vector(
            "10.1 the PUT as H sends it",
            "10 00 07 20  00aa 0000  5eed0001   # v1 request, C=0; PUT; TTL 32; length 170\n"
                + PUT_IDS
                + PUT_ATTRIBUTES,
            put(32)),
        new Vector(
            "10.1 the PUT as I forwards it (TTL 0x1f)",
            "10 00 07 1f  00aa 0000  5eed0001\n" + PUT_IDS + PUT_ATTRIBUTES,
            put(31)),
        new Vector(
            "10.2 P's answer",
            "18 00 07 20  0060 0000  5eed0001   # R; PUT; TTL 32; length 96; same txid\n"
                + ANSWER_REST,
            putAnswer(32)),
        new Vector(
            "10.2 P's answer as I relays it (TTL 0x1f)",
            "18 00 07 1f  0060 0000  5eed0001\n" + ANSWER_REST,
            putAnswer(31)),
        new Vector("10.2 P's TRANSFER to R1 (DATA, replicate)", TRANSFER_HEX, transfer()),
        new Vector(
            "10.2 R1's answer to the TRANSFER",
            """
            18 00 06 20  0060 0000  5eed0002    # R; TRANSFER; TTL 32; length 96
            4c4d4e4f505152535455565758595a5b    # Source Peer-ID unchanged (P)
            606162636465666768696a6b6c6d6e6f    # Destination ID unchanged (R1)
            80 07 0002  00c8
            80 04 002a                          # Destination Peer Info: R1
              80 02 0010  606162636465666768696a6b6c6d6e6f
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000108
            """,
            transferAnswer()),
        new Vector(
            "TRANSFER DIGEST: Negotiation Info of 88 bytes",
            """
            10 00 06 01  00b6 0000  5eed0003    # TRANSFER, TTL 1, length 182
            4c4d4e4f505152535455565758595a5b
            606162636465666768696a6b6c6d6e6f
            80 03 002a
              80 02 0010  4c4d4e4f505152535455565758595a5b
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000107
            80 06 0058                          # Negotiation Info, 88 bytes
              03 04 00 00                       #   DIGEST, repair, not last
              01020304                          #   Transfer-ID
              303132333435363738393a3b3c3d3e3f  #   Range start: I
              4c4d4e4f505152535455565758595a5b  #   Range end: P
              0000019a2b3c4000                  #   Cutoff
              00000000  00000000                #   Count 0, Bytes 0
              e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  # SHA-256 of nothing
            """,
            digestRequest()),
        new Vector(
            "TRANSFER DIGEST answer that does not match: Negotiation Info of 600 bytes",
            """
            18 00 06 20  02bc 0000  5eed0003    # R, TRANSFER, TTL 32, length 700
            4c4d4e4f505152535455565758595a5b
            606162636465666768696a6b6c6d6e6f
            80 07 0002  00c8
            80 04 002a
              80 02 0010  606162636465666768696a6b6c6d6e6f
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000108
            80 06 0258                          # Negotiation Info, 600 bytes
              03 04 00 00  01020304
              303132333435363738393a3b3c3d3e3f
              4c4d4e4f505152535455565758595a5b
              0000019a2b3c4000
              00000002  00000000                #   Count 2
            """
                + "  "
                + "ab".repeat(32)
                + "   # Digest\n"
                + BUCKETS_HEX,
            digestAnswer()),
        new Vector(
            "SearchPeer answer with Status and a Routing Table",
            """
            18 00 05 20  00ca 0000  5eed0004    # R, SearchPeer, TTL 32, length 202
            d0d1d2d3d4d5d6d7d8d9dadbdcdddedf
            45a6b241a242c97f0492d382c390dfa3
            80 07 0002  00c8
            80 04 002a
              80 02 0010  4c4d4e4f505152535455565758595a5b
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000107
            80 0c 0002  0000                    # Status good
            80 0b 0060                          # Routing Table, 96 bytes
              01 01 00 00                       #   NP 1, NS 1, NF 0
              80 03 002a                        #   predecessor: I
                80 02 0010  303132333435363738393a3b3c3d3e3f
                80 01 0002  0000
                80 00 000c  00 00 17ce 00000000 0a000106
              80 03 002a                        #   successor: R1
                80 02 0010  606162636465666768696a6b6c6d6e6f
                80 01 0002  0000
                80 00 000c  00 00 17ce 00000000 0a000108
            """,
            searchPeerAnswer()),
        new Vector(
            "LookUpServicePeer request: H, Service Peer Info type 3, Num 0, Max 3",
            """
            14 00 0a 20  0062 0000  5eed0005    # H; LookUpServicePeer; TTL 32; length 98
            d0d1d2d3d4d5d6d7d8d9dadbdcdddedf
            606162636465666768696a6b6c6d6e6f    # a key of the source's choice
            80 03 002a
              80 02 0010  d0d1d2d3d4d5d6d7d8d9dadbdcdddedf
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000105
            80 08 0004  00 03 03 00             # Service Peer Info: Num 0, type 3, Max 3
            """,
            lookUpRequest()),
        new Vector(
            "LookUpServicePeer answer: one host peer with its client port (Usage 1)",
            """
            18 00 0a 20  008c 0000  5eed0005    # R; H cleared; length 140
            d0d1d2d3d4d5d6d7d8d9dadbdcdddedf
            606162636465666768696a6b6c6d6e6f
            80 07 0002  00c8
            80 04 002a
              80 02 0010  606162636465666768696a6b6c6d6e6f
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000108
            80 08 0028                          # Service Peer Info, 40 bytes
              01 03 03 00                       #   Num 1, type 3, Max 3
              80 02 0010  4c4d4e4f505152535455565758595a5b   # Peer-ID: P
              80 00 000c  00 01 17c4 00000000 0a000107       # TCP host, Usage 1, port 6084
            """,
            lookUpAnswer()),
        new Vector(
            "Handshake KEEPALIVE: TTL 1, Destination ID 0, Overlay Info",
            """
            10 00 02 01  0069 0000  5eed0006    # KEEPALIVE, TTL 1, length 105
            d0d1d2d3d4d5d6d7d8d9dadbdcdddedf
            00000000000000000000000000000000    # Destination ID 0: a bootstrap address
            80 03 002a
              80 02 0010  d0d1d2d3d4d5d6d7d8d9dadbdcdddedf
              80 01 0002  0000
              80 00 000c  00 00 17ce 00000000 0a000105
            80 12 000b  01 abcdef 6578616d706c65  # Overlay Info: SHA-1, id abcdef, "example"
            """,
            handshake()));
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void passesThePeerMessageValidator(Vector vector) {
    assertThat(PeerMessageValidator.violation(vector.model())).isEmpty();
  }

  @Test
  void thePutAnswerIsWhatPeerResponsesBuilds() {
    assertThat(PeerResponses.to(put(32), ResponseCode.OK, info(false, P, "0a000107")))
        .isEqualTo(putAnswer(32));
    assertThat(PeerResponses.to(put(31), ResponseCode.OK, info(true, P, "0a000107")))
        .as(
            "a forwarded request is answered with the initial TTL, responder as Destination Peer Info")
        .isEqualTo(putAnswer(32));
    assertThat(PeerResponses.to(transfer(), ResponseCode.OK, info(false, R1, "0a000108")))
        .isEqualTo(transferAnswer());
  }

  @Test
  void aPeerResponseKeepsTheIdsClearsTheFlagsAndSetsTheInitialTtl() {
    Header request = lookUpRequest().header();
    Header response = request.toPeerResponse(32);
    assertThat(response.sourcePeerId()).isEqualTo(H);
    assertThat(response.destinationId()).isEqualTo(R1);
    assertThat(response.hFlag()).isFalse();
    assertThat(response.response()).isTrue();
    assertThat(response.ttl()).isEqualTo(32);
    assertThat(response.transactionId()).isEqualTo(request.transactionId());
    assertThat(new Message(response, lookUpAnswer().attributes())).isEqualTo(lookUpAnswer());
    // the client protocol keeps its own rule
    assertThat(request.toResponse().sourcePeerId()).isEqualTo(R1);
  }

  @Test
  void storedObjectSizeIs78BytesPlusTheContent() {
    assertThat(transfer().all(StoredObject.class).get(0).encodedLength()).isEqualTo(78 + 20);
  }

  @Test
  void subCodesAnswerAsSection2_4Says() {
    Message answer =
        PeerResponses.to(
            put(32),
            ResponseCode.REQUEST_FAILED,
            PeerSubCodes.FAILED_REPLICATION_INCOMPLETE,
            info(false, P, "0a000107"));
    assertThat(MessageCodec.encodeToBytes(answer))
        .asHexString()
        .contains(Hexadecimals.toHexString(TestHex.bytes("80 07 0004 0198 0003")));
  }
}
