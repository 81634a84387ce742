package org.p2psip.protocol.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.TestHex;

/** Probe and answer formats of docs/protocol.md section 5, written by hand. */
class ProbeTest {

  @Test
  void probeBytes() {
    byte[] hex = TestHex.bytes("4c4d4b31  00000007  0000018bcfe56800");
    Probe probe = Probe.decode(Unpooled.wrappedBuffer(hex));
    assertThat(probe).isEqualTo(new Probe(7, 1_700_000_000_000L));
    assertThat(probe.encode()).isEqualTo(hex);
  }

  @Test
  void paddedProbeIsAcceptedOnlyWithZeros() {
    byte[] padded = new byte[1200];
    System.arraycopy(new Probe(1, 2).encode(), 0, padded, 0, 16);
    assertThat(Probe.decode(Unpooled.wrappedBuffer(padded))).isEqualTo(new Probe(1, 2));
    padded[600] = 1;
    assertThat(Probe.decode(Unpooled.wrappedBuffer(padded))).isNull();
    assertThat(Probe.decode(Unpooled.wrappedBuffer(new byte[1201]))).isNull();
    assertThat(Probe.decode(Unpooled.wrappedBuffer(TestHex.bytes("4c4d4b31 00000007")))).isNull();
    assertThat(
            Probe.decode(
                Unpooled.wrappedBuffer(TestHex.bytes("4c4d4b32 00000007 0000000000000000"))))
        .isNull();
  }

  @Test
  void answerBytes() {
    String hex = "4c4d5231 00000007 0000018bcfe56800 0000018bcfe56805 0004 6c6d2d31"; // id "lm-1"
    ProbeAnswer answer = new ProbeAnswer(7, 1_700_000_000_000L, 1_700_000_000_005L, "lm-1");
    ByteBuf out = Unpooled.buffer();
    answer.writeTo(out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    assertThat(bytes).isEqualTo(TestHex.bytes(hex));
    assertThat(answer.encodedLength()).isEqualTo(bytes.length);
    assertThat(ProbeAnswer.decode(Unpooled.wrappedBuffer(bytes))).isEqualTo(answer);
    assertThat(ProbeAnswer.decode(Unpooled.wrappedBuffer(TestHex.bytes(hex + "00")))).isNull();
  }
}
