package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RTP's fixed header both ways, and hostile datagrams refused without reading past them. */
class RtpPacketTest {

  @Test
  void aPacketReadsBackAsWritten() {
    RtpPacket packet =
        new RtpPacket(8, true, 65_535, 0xFFFF_FFF0L, 0xDEAD_BEEFL, new byte[] {1, 2, 3});
    byte[] bytes = packet.write();
    assertThat(bytes).hasSize(15);
    assertThat(bytes[0] & 0xFF).isEqualTo(0x80);
    assertThat(bytes[1] & 0xFF).isEqualTo(0x88);
    RtpPacket read = RtpPacket.read(bytes, bytes.length);
    assertThat(read.payloadType()).isEqualTo(8);
    assertThat(read.marker()).isTrue();
    assertThat(read.sequence()).isEqualTo(65_535);
    assertThat(read.timestamp()).isEqualTo(0xFFFF_FFF0L);
    assertThat(read.ssrc()).isEqualTo(0xDEAD_BEEFL);
    assertThat(read.payload()).containsExactly(1, 2, 3);
  }

  @Test
  void csrcsExtensionsAndPaddingAreSkipped() {
    byte[] bytes = {
      (byte) 0xB1,
      0,
      0,
      1,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      3, // V=2, P, X, CC=1
      9,
      9,
      9,
      9, // one CSRC
      0x10,
      0x00,
      0,
      1,
      7,
      7,
      7,
      7, // extension: profile, 1 word
      42,
      43, // payload
      0,
      0,
      3 // 3 bytes of padding
    };
    RtpPacket read = RtpPacket.read(bytes, bytes.length);
    assertThat(read.payload()).containsExactly(42, 43);
  }

  @Test
  void hostileHeadersAreRefused() {
    assertThatThrownBy(() -> RtpPacket.read(new byte[11], 11)).isInstanceOf(InvalidRtp.class);
    assertThatThrownBy(() -> RtpPacket.read(new byte[12], 12))
        .isInstanceOf(InvalidRtp.class)
        .hasMessageContaining("version 0");
    byte[] csrcs = new byte[20];
    csrcs[0] = (byte) 0x8F; // 15 CSRCs in 20 bytes
    assertThatThrownBy(() -> RtpPacket.read(csrcs, csrcs.length)).isInstanceOf(InvalidRtp.class);
    byte[] extension = new byte[16];
    extension[0] = (byte) 0x90;
    extension[14] = (byte) 0xFF; // 65,535 words
    extension[15] = (byte) 0xFF;
    assertThatThrownBy(() -> RtpPacket.read(extension, extension.length))
        .isInstanceOf(InvalidRtp.class);
    byte[] padding = new byte[14];
    padding[0] = (byte) 0xA0;
    padding[13] = 10; // more padding than payload
    assertThatThrownBy(() -> RtpPacket.read(padding, padding.length))
        .isInstanceOf(InvalidRtp.class);
    padding[13] = 0; // a zero padding count
    assertThatThrownBy(() -> RtpPacket.read(padding, padding.length))
        .isInstanceOf(InvalidRtp.class);
  }

  @Test
  void randomDatagramsAreAPacketOrARefusalNeverAnotherError() {
    Random random = new Random(3550);
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = (byte) (0x80 | (bytes[0] & 0x3F)); // version 2, to get past the first check
      }
      try {
        RtpPacket packet = RtpPacket.read(bytes, bytes.length);
        assertThat(packet.payload().length).isLessThanOrEqualTo(bytes.length - 12);
      } catch (InvalidRtp expected) {
        // refused: fine
      }
    }
  }
}
