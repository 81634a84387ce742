package org.p2psip.client.conference;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.SipLocations;
import reactor.core.publisher.Mono;

/**
 * Where a focus answers RTT probes, read from its SIP URI: the URI's host with the port of its
 * {@code probe} parameter ({@code sip:alice@192.0.2.10;probe=6100}, this project's convention,
 * docs/protocol-notes.md). A focus without it is ranked by coordinates alone.
 */
public final class FocusAddress {

  private static final Pattern URI =
      Pattern.compile("sips?:(?:[^@;]+@)?(\\[[^\\]]+\\]|[^:;?]+)(?::\\d+)?(;[^?]*)?.*");
  private static final Pattern PROBE = Pattern.compile(";probe=(\\d{1,5})(?:;|$)");

  private FocusAddress() {}

  public static Optional<InetSocketAddress> probe(String sipUri) {
    if (sipUri == null) {
      return Optional.empty();
    }
    Matcher uri = URI.matcher(sipUri.trim());
    if (!uri.matches() || uri.group(2) == null) {
      return Optional.empty();
    }
    Matcher probe = PROBE.matcher(uri.group(2));
    if (!probe.find()) {
      return Optional.empty();
    }
    int port = Integer.parseInt(probe.group(1));
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    String host = uri.group(1).replace("[", "").replace("]", "");
    return Optional.of(InetSocketAddress.createUnresolved(host, port));
  }

  /**
   * Where to send SIP to the focus registered as {@code sipUri}: the URI without this project's
   * {@code probe} parameter (a Request-URI carries only what SIP needs).
   */
  public static String sipTarget(String sipUri) {
    return sipUri.trim().replaceAll(";probe=\\d{1,5}(?=;|$)", "");
  }

  /**
   * The focus's entity in the conference state: {@code sip:user@host}, without port or parameters
   * (its address of record).
   */
  public static String entity(String sipUri) {
    String trimmed = sipUri.trim();
    Matcher uri = URI.matcher(trimmed);
    if (!uri.matches()) {
      return trimmed;
    }
    String scheme = trimmed.startsWith("sips:") ? "sips:" : "sip:";
    int at = trimmed.indexOf('@');
    String user = at < 0 ? "" : trimmed.substring(scheme.length(), at + 1);
    return scheme + user + uri.group(1);
  }

  /**
   * Where to send SIP to the focus registered as {@code sipUri} (DisCo 4.4): its address of record
   * resolved through SIP-REGISTRATION when the registry holds a location for it, else the URI
   * itself without the probe parameter (a URI naming a host and port reaches the focus directly).
   */
  public static Mono<String> contact(
      SipLocations locations, String sipUri, @Nullable X509Certificate overlayCa) {
    return locations
        .resolve(entity(sipUri), overlayCa)
        .map(found -> found.orElseGet(() -> sipTarget(sipUri)))
        .onErrorResume(unreachable -> Mono.just(sipTarget(sipUri)));
  }
}
