package org.p2psip.disco.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offers as phones and SIPp send them, the answers a focus gives, and bodies it refuses. */
class AudioSdpTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void sippsDefaultOfferIsReadAndAnsweredWithPcmu() {
    byte[] offer =
        bytes(
            "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\n"
                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n");
    AudioSdp.Offer parsed = AudioSdp.parse(offer);
    assertThat(parsed).isEqualTo(new AudioSdp.Offer("127.0.0.1", 6000, List.of(0)));
    assertThat(AudioSdp.choose(parsed)).isEqualTo(AudioSdp.PCMU);

    String answer =
        new String(AudioSdp.answer("focus", 7, "192.0.2.5", 40000, 0), StandardCharsets.US_ASCII);
    assertThat(answer)
        .startsWith("v=0\r\n")
        .contains("c=IN IP4 192.0.2.5\r\n")
        .contains("m=audio 40000 RTP/AVP 0\r\n")
        .contains("a=rtpmap:0 PCMU/8000\r\n");
    assertThat(AudioSdp.parse(bytes(answer)))
        .isEqualTo(new AudioSdp.Offer("192.0.2.5", 40000, List.of(0)));
  }

  @Test
  void theMediaLevelAddressWinsAndOnlyTheFirstAudioStreamCounts() {
    byte[] offer =
        bytes(
            "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\n"
                + "m=video 5000 RTP/AVP 96\nc=IN IP4 10.0.0.9\n"
                + "m=audio 6000 RTP/AVP 8 101\nc=IN IP4 10.0.0.2/127\n"
                + "m=audio 7000 RTP/AVP 0\n");
    AudioSdp.Offer parsed = AudioSdp.parse(offer);
    assertThat(parsed).isEqualTo(new AudioSdp.Offer("10.0.0.2", 6000, List.of(8, 101)));
    assertThat(AudioSdp.choose(parsed)).isEqualTo(AudioSdp.PCMA);
  }

  @Test
  void anOfferWithoutG711HasNothingToChoose() {
    AudioSdp.Offer opus =
        AudioSdp.parse(bytes("v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 6000 RTP/AVP 111\r\n"));
    assertThat(AudioSdp.choose(opus)).isNull();
  }

  @Test
  void bodiesThatAreNotAnAudioOfferAreRefused() {
    assertThatThrownBy(() -> AudioSdp.parse(bytes("hello"))).isInstanceOf(InvalidSdp.class);
    assertThatThrownBy(
            () -> AudioSdp.parse(bytes("v=0\r\nc=IN IP4 1.2.3.4\r\nm=video 1 RTP/AVP 96\r\n")))
        .hasMessageContaining("no audio");
    assertThatThrownBy(() -> AudioSdp.parse(bytes("v=0\r\nm=audio 6000 RTP/AVP 0\r\n")))
        .hasMessageContaining("connection address");
    assertThatThrownBy(
            () -> AudioSdp.parse(bytes("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio x RTP/AVP 0\r\n")))
        .hasMessageContaining("port");
    assertThatThrownBy(
            () -> AudioSdp.parse(bytes("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n")))
        .hasMessageContaining("port");
    assertThatThrownBy(
            () -> AudioSdp.parse(bytes("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 1 RTP/SAVP 0\r\n")))
        .hasMessageContaining("RTP/AVP");
    assertThatThrownBy(() -> AudioSdp.parse(new byte[AudioSdp.MAX_BYTES + 1]))
        .hasMessageContaining("at most");
  }

  @Test
  void anOfferNamesBothLawsAndReadsBack() {
    byte[] offer = AudioSdp.offer("alice", 1, "127.0.0.1", 4000);
    assertThat(AudioSdp.parse(offer))
        .isEqualTo(new AudioSdp.Offer("127.0.0.1", 4000, List.of(0, 8)));
  }
}
