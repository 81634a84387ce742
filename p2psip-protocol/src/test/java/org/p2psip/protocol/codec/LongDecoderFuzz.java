package org.p2psip.protocol.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The target of {@link DecoderFuzzTest} without an execution cap, for long fuzzing sessions: raw
 * bytes, and the same bytes as the Value of a peer-protocol composite (Negotiation Info, Service
 * Peer Info, Routing Table, Stored Object, Peer Info) in a peer request, through the decoders and
 * the peer message validator. Its name matches no Surefire pattern, so it runs only when asked for
 * (docs/fuzzing.md):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl p2psip-protocol surefire:test -Dtest=LongDecoderFuzz -Djazzer.max_duration=30m
 * </pre>
 */
class LongDecoderFuzz {

  @FuzzTest
  void decoders(FuzzedDataProvider data) {
    DecoderFuzzTest.fuzzOnce(data);
  }
}
