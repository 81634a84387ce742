package org.p2psip.disco.media;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit mu-law (PCMU, RTP payload type 0) or
 * A-law (PCMA, 8). Decoding is a table; encoding follows the segment search of the recommendation.
 */
public final class G711 {

  private static final int ULAW_BIAS = 0x84;
  private static final int ULAW_CLIP = 32_635;
  private static final short[] ULAW_TO_LINEAR = new short[256];
  private static final short[] ALAW_TO_LINEAR = new short[256];

  static {
    for (int i = 0; i < 256; i++) {
      ULAW_TO_LINEAR[i] = ulawDecode(i);
      ALAW_TO_LINEAR[i] = alawDecode(i);
    }
  }

  private G711() {}

  /** One mu-law byte to linear PCM. */
  public static short ulawToLinear(byte ulaw) {
    return ULAW_TO_LINEAR[ulaw & 0xFF];
  }

  /** One A-law byte to linear PCM. */
  public static short alawToLinear(byte alaw) {
    return ALAW_TO_LINEAR[alaw & 0xFF];
  }

  /** Linear PCM to mu-law. */
  public static byte linearToUlaw(int sample) {
    int pcm = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    int sign = 0;
    if (pcm < 0) {
      sign = 0x80;
      pcm = -pcm;
    }
    if (pcm > ULAW_CLIP) {
      pcm = ULAW_CLIP;
    }
    pcm += ULAW_BIAS;
    int exponent = 7;
    for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
      exponent--;
    }
    int mantissa = (pcm >> (exponent + 3)) & 0x0F;
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  /** Linear PCM to A-law. */
  public static byte linearToAlaw(int sample) {
    int pcm = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample)) >> 3; // 13 bits
    int mask;
    if (pcm >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      pcm = -pcm - 1;
    }
    int segment = 0;
    while (segment < 8 && pcm > (0x20 << segment) - 1) { // segment ends 0x1F, 0x3F, ... 0xFFF
      segment++;
    }
    if (segment >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int alaw = segment << 4;
    alaw |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
    return (byte) (alaw ^ mask);
  }

  /** A packet's payload of {@code payloadType} (PCMU or PCMA) as linear samples. */
  public static short[] decode(int payloadType, byte[] payload) {
    short[] table = payloadType == RtpPacket.PCMA ? ALAW_TO_LINEAR : ULAW_TO_LINEAR;
    short[] samples = new short[payload.length];
    for (int i = 0; i < payload.length; i++) {
      samples[i] = table[payload[i] & 0xFF];
    }
    return samples;
  }

  /** Linear samples as a payload of {@code payloadType} (PCMU or PCMA). */
  public static byte[] encode(int payloadType, short[] samples) {
    byte[] payload = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) {
      payload[i] =
          payloadType == RtpPacket.PCMA ? linearToAlaw(samples[i]) : linearToUlaw(samples[i]);
    }
    return payload;
  }

  private static short ulawDecode(int ulaw) {
    int u = ~ulaw & 0xFF;
    int exponent = (u >> 4) & 0x07;
    int sample = (((u & 0x0F) << 3) + ULAW_BIAS) << exponent;
    sample -= ULAW_BIAS;
    return (short) ((u & 0x80) != 0 ? -sample : sample);
  }

  private static short alawDecode(int alaw) {
    int a = alaw ^ 0x55;
    int t = (a & 0x0F) << 4;
    int segment = (a & 0x70) >> 4;
    switch (segment) {
      case 0 -> t += 8;
      case 1 -> t += 0x108;
      default -> {
        t += 0x108;
        t <<= segment - 1;
      }
    }
    return (short) ((a & 0x80) != 0 ? t : -t);
  }
}
