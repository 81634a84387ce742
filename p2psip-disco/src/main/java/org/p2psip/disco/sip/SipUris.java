package org.p2psip.disco.sip;

import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/** Small readings of SIP URIs the agents need: the user part, the transport, the AoR. */
public final class SipUris {

  private SipUris() {}

  /** The user part of {@code sip:user@host...}; {@code fallback} when there is none. */
  public static String userOf(String uri, String fallback) {
    String bare = uri.startsWith("<") ? uri.substring(1) : uri;
    int colon = bare.indexOf(':');
    int at = bare.indexOf('@');
    return colon >= 0 && at > colon + 1 ? bare.substring(colon + 1, at) : fallback;
  }

  /**
   * The {@code transport} parameter of a URI written as text, lower case; when absent, tls for a
   * {@code sips:} URI and udp otherwise.
   */
  public static String transportOf(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    int at = lower.indexOf(";transport=");
    if (at < 0) {
      return lower.startsWith("sips:") || lower.startsWith("<sips:") ? "tls" : "udp";
    }
    String rest = lower.substring(at + ";transport=".length());
    int end = rest.indexOf(';');
    int close = rest.indexOf('>');
    int stop = end < 0 ? close : close < 0 ? end : Math.min(end, close);
    return stop < 0 ? rest : rest.substring(0, stop);
  }

  /** {@code sip:user@host} of a URI, without port or parameters: an address of record. */
  public static String aor(URI uri) {
    if (uri instanceof SipURI sip) {
      return (sip.isSecure() ? "sips:" : "sip:")
          + (sip.getUser() == null ? "" : sip.getUser() + "@")
          + sip.getHost();
    }
    return uri.toString();
  }
}
