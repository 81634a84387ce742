package org.p2psip.disco.media;

import java.util.Arrays;

/**
 * One RTP packet (RFC 3550 5.1): the fixed header fields the mixer uses and the payload. Reading
 * checks every length against the datagram before using it (CSRC list, header extension, padding),
 * so a hostile datagram is an {@link InvalidRtp}, never an out-of-bounds read.
 *
 * @param timestamp 32 bits, unsigned
 * @param ssrc 32 bits, unsigned
 */
public record RtpPacket(
    int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {

  /** G.711 mu-law (RFC 3551). */
  public static final int PCMU = 0;

  /** G.711 A-law (RFC 3551). */
  public static final int PCMA = 8;

  private static final int VERSION = 2;
  private static final int HEADER = 12;

  /** Reads the first {@code length} bytes of {@code data}. */
  public static RtpPacket read(byte[] data, int length) {
    if (length < HEADER || length > data.length) {
      throw new InvalidRtp("shorter than an RTP header: " + length + " bytes");
    }
    int first = data[0] & 0xFF;
    if (first >> 6 != VERSION) {
      throw new InvalidRtp("RTP version " + (first >> 6) + ", not 2");
    }
    int offset = HEADER + 4 * (first & 0x0F); // the CSRC list
    if (offset > length) {
      throw new InvalidRtp("the CSRC list runs past the packet");
    }
    if ((first & 0x10) != 0) { // a header extension: 16 bits profile, 16 bits length in words
      if (offset + 4 > length) {
        throw new InvalidRtp("the header extension runs past the packet");
      }
      int words = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
      offset += 4 + 4 * words;
      if (offset > length) {
        throw new InvalidRtp("the header extension runs past the packet");
      }
    }
    int end = length;
    if ((first & 0x20) != 0) { // padding: its count is the last byte
      int padding = data[length - 1] & 0xFF;
      if (padding == 0 || offset + padding > length) {
        throw new InvalidRtp("padding of " + padding + " bytes does not fit");
      }
      end -= padding;
    }
    int second = data[1] & 0xFF;
    return new RtpPacket(
        second & 0x7F,
        (second & 0x80) != 0,
        ((data[2] & 0xFF) << 8) | (data[3] & 0xFF),
        unsigned32(data, 4),
        unsigned32(data, 8),
        Arrays.copyOfRange(data, offset, end));
  }

  /** The packet as sent: the 12-byte fixed header (no CSRC, extension or padding), the payload. */
  public byte[] write() {
    byte[] out = new byte[HEADER + payload.length];
    out[0] = (byte) (VERSION << 6);
    out[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
    out[2] = (byte) (sequence >> 8);
    out[3] = (byte) sequence;
    put32(out, 4, timestamp);
    put32(out, 8, ssrc);
    System.arraycopy(payload, 0, out, HEADER, payload.length);
    return out;
  }

  private static long unsigned32(byte[] data, int at) {
    return ((long) (data[at] & 0xFF) << 24)
        | ((data[at + 1] & 0xFF) << 16)
        | ((data[at + 2] & 0xFF) << 8)
        | (data[at + 3] & 0xFF);
  }

  private static void put32(byte[] out, int at, long value) {
    out[at] = (byte) (value >> 24);
    out[at + 1] = (byte) (value >> 16);
    out[at + 2] = (byte) (value >> 8);
    out[at + 3] = (byte) value;
  }
}
