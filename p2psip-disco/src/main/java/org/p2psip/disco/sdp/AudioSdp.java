package org.p2psip.disco.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * SDP (RFC 4566) for one audio stream of G.711 over RTP, offered and answered as RFC 3264 says. The
 * conference's audio is G.711: PCMU (payload type 0) or PCMA (8), 8 kHz, the codecs every SIP phone
 * has and the foci mix.
 */
public final class AudioSdp {

  /** RTP/AVP static payload types of G.711 (RFC 3551). */
  public static final int PCMU = 0;

  public static final int PCMA = 8;

  /** Bodies larger than this are not SDP a phone sends for one audio stream. */
  public static final int MAX_BYTES = 8 * 1024;

  /** What an offer's first audio stream asks for. */
  public record Offer(String address, int port, List<Integer> payloadTypes) {
    public Offer {
      payloadTypes = List.copyOf(payloadTypes);
    }
  }

  private AudioSdp() {}

  /**
   * The first {@code m=audio} stream of {@code body} with the connection address that applies to it
   * (media-level {@code c=} before session-level).
   *
   * @throws InvalidSdp when the body is not SDP or has no audio stream
   */
  public static Offer parse(byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new InvalidSdp("SDP of " + body.length + " bytes; at most " + MAX_BYTES);
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (!text.startsWith("v=0")) {
      throw new InvalidSdp("not SDP: it must begin with v=0");
    }
    String sessionAddress = null;
    String mediaAddress = null;
    Integer port = null;
    List<Integer> types = new ArrayList<>();
    boolean inAudio = false;
    boolean seenAudio = false;
    for (String raw : text.split("\r?\n")) {
      String line = raw.trim();
      if (line.startsWith("m=")) {
        if (seenAudio) {
          break; // only the first audio stream matters
        }
        String[] fields = line.substring(2).split(" ");
        inAudio = fields.length >= 4 && fields[0].equals("audio");
        if (inAudio) {
          seenAudio = true;
          port = portOf(fields[1]);
          if (!fields[2].toUpperCase(Locale.ROOT).startsWith("RTP/AVP")) {
            throw new InvalidSdp("audio transport " + fields[2] + " is not RTP/AVP");
          }
          for (int i = 3; i < fields.length; i++) {
            types.add(payloadType(fields[i]));
          }
        }
      } else if (line.startsWith("c=")) {
        String address = connectionAddress(line);
        if (inAudio) {
          mediaAddress = address;
        } else if (!seenAudio) {
          sessionAddress = address;
        }
      }
    }
    if (!seenAudio || port == null) {
      throw new InvalidSdp("no audio stream (m=audio) in the offer");
    }
    String address = mediaAddress != null ? mediaAddress : sessionAddress;
    if (address == null) {
      throw new InvalidSdp("no connection address (c=) for the audio stream");
    }
    return new Offer(address, port, types);
  }

  /** The G.711 payload type to answer {@code offer} with: PCMU if offered, else PCMA, else null. */
  public static @Nullable Integer choose(Offer offer) {
    if (offer.payloadTypes().contains(PCMU)) {
      return PCMU;
    }
    if (offer.payloadTypes().contains(PCMA)) {
      return PCMA;
    }
    return null;
  }

  /**
   * An offer of G.711 audio (both laws) received at {@code address}:{@code port}.
   *
   * @param sessionId the o= line's session id (and version)
   */
  public static byte[] offer(String user, long sessionId, String address, int port) {
    return describe(user, sessionId, address, port, List.of(PCMU, PCMA));
  }

  /**
   * The answer to an offer: the one payload type chosen, received at {@code address}:{@code port}.
   */
  public static byte[] answer(String user, long sessionId, String address, int port, int chosen) {
    return describe(user, sessionId, address, port, List.of(chosen));
  }

  private static byte[] describe(
      String user, long sessionId, String address, int port, List<Integer> types) {
    String family = address.contains(":") ? "IP6" : "IP4";
    StringBuilder sdp = new StringBuilder();
    sdp.append("v=0\r\n");
    sdp.append("o=")
        .append(user)
        .append(' ')
        .append(sessionId)
        .append(' ')
        .append(sessionId)
        .append(" IN ")
        .append(family)
        .append(' ')
        .append(address)
        .append("\r\n");
    sdp.append("s=-\r\n");
    sdp.append("c=IN ").append(family).append(' ').append(address).append("\r\n");
    sdp.append("t=0 0\r\n");
    sdp.append("m=audio ").append(port).append(" RTP/AVP");
    for (int type : types) {
      sdp.append(' ').append(type);
    }
    sdp.append("\r\n");
    for (int type : types) {
      sdp.append("a=rtpmap:")
          .append(type)
          .append(type == PCMU ? " PCMU/8000" : " PCMA/8000")
          .append("\r\n");
    }
    sdp.append("a=ptime:20\r\n");
    sdp.append("a=sendrecv\r\n");
    return sdp.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static int portOf(String field) {
    String digits = field.contains("/") ? field.substring(0, field.indexOf('/')) : field;
    try {
      int port = Integer.parseInt(digits);
      if (port < 0 || port > 65_535) {
        throw new InvalidSdp("audio port out of range: " + field);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new InvalidSdp("audio port is not a number: " + field);
    }
  }

  private static int payloadType(String field) {
    try {
      int type = Integer.parseInt(field);
      if (type < 0 || type > 127) {
        throw new InvalidSdp("payload type out of range: " + field);
      }
      return type;
    } catch (NumberFormatException e) {
      throw new InvalidSdp("payload type is not a number: " + field);
    }
  }

  private static String connectionAddress(String line) {
    String[] fields = line.substring(2).split(" ");
    if (fields.length < 3 || !fields[0].equals("IN")) {
      throw new InvalidSdp("not a connection line: " + line);
    }
    String address = fields[2];
    int slash = address.indexOf('/');
    return slash < 0 ? address : address.substring(0, slash);
  }
}
