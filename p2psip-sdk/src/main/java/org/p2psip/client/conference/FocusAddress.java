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
 * What a focus's advertised SIP URI says beyond SIP (this project's conventions,
 * docs/protocol-notes.md): where it answers RTT probes, the {@code probe} parameter ({@code
 * sip:alice@192.0.2.10;probe=6100}; a focus without it is ranked by coordinates alone), and where
 * it answers SIP over TLS with its overlay certificate, the {@code tls} parameter ({@code
 * sip:alice@192.0.2.10:5060;tls=5061}). Both are URI parameters other SIP agents ignore (RFC 3261
 * 19.1.1), so a client that knows neither still reaches the focus over UDP or TCP.
 */
public final class FocusAddress {

  private static final Pattern URI =
      Pattern.compile("sips?:(?:[^@;]+@)?(\\[[^\\]]+\\]|[^:;?]+)(?::\\d+)?(;[^?]*)?.*");
  private static final Pattern PROBE = Pattern.compile(";probe=(\\d{1,5})(?:;|$)");
  private static final Pattern TLS =
      Pattern.compile(";tls=(\\d{1,5})(?=[;?>]|$)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ADDRESS =
      Pattern.compile(
          "<?sips?:(?:[^@;>]+@)?(\\[[^\\]]+\\]|[^:;?>]+)(?::(\\d+))?.*", Pattern.CASE_INSENSITIVE);
  private static final Pattern HOST_PORT =
      Pattern.compile("(sips?:(?:[^@;]+@)?(?:\\[[^\\]]+\\]|[^:;?]+))(?::\\d+)?(.*)");

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
   * {@code probe} and {@code tls} parameters (a Request-URI carries only what SIP needs).
   */
  public static String sipTarget(String sipUri) {
    return sipUri.trim().replaceAll("(?i);(?:probe|tls)=\\d{1,5}(?=[;?>]|$)", "");
  }

  /**
   * {@code host:port} of a SIP URI ({@code host} alone without a port), the address a call with a
   * focus goes to; the URI itself when it is not a SIP URI.
   */
  public static String hostPort(String sipUri) {
    Matcher address = ADDRESS.matcher(sipUri.trim());
    if (!address.matches()) {
      return sipUri;
    }
    return address.group(2) == null ? address.group(1) : address.group(1) + ":" + address.group(2);
  }

  /**
   * Whether a call to the focus registered as {@code sipUri} would go to one of {@code addresses}
   * ({@link #hostPort}), over plain SIP or TLS.
   */
  public static boolean reachesAny(String sipUri, java.util.Set<String> addresses) {
    if (addresses.contains(hostPort(target(sipUri, false)))) {
      return true;
    }
    return addresses.contains(hostPort(target(sipUri, true)));
  }

  /** The focus's SIP-over-TLS port, from its {@code tls} parameter, when it has one. */
  public static Optional<Integer> tlsPort(String sipUri) {
    Matcher tls = TLS.matcher(sipUri);
    if (!tls.find()) {
      return Optional.empty();
    }
    int port = Integer.parseInt(tls.group(1));
    return port < 1 || port > 65535 ? Optional.empty() : Optional.of(port);
  }

  /**
   * Where to send SIP to the focus at {@code sipUri}: over TLS to its {@code tls} port when {@code
   * tls} (the caller has an overlay certificate too) and the focus has one, else {@link
   * #sipTarget}.
   */
  public static String target(String sipUri, boolean tls) {
    String plain = sipTarget(sipUri);
    Optional<Integer> port = tlsPort(sipUri);
    Matcher parts = HOST_PORT.matcher(plain);
    if (!tls || port.isEmpty() || !parts.matches()) {
      return plain;
    }
    String rest = parts.group(2).replaceAll("(?i);transport=[^;?>]*", "");
    int headers = rest.indexOf('?');
    String params = headers < 0 ? rest : rest.substring(0, headers);
    String tail = headers < 0 ? "" : rest.substring(headers);
    return parts.group(1) + ":" + port.get() + params + ";transport=tls" + tail;
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
   * itself (a URI naming a host and port reaches the focus directly); over TLS when {@code tls} and
   * the focus offers it ({@link #target}).
   */
  public static Mono<String> contact(
      SipLocations locations, String sipUri, @Nullable X509Certificate overlayCa, boolean tls) {
    return locations
        .resolve(entity(sipUri), overlayCa)
        .map(found -> found.orElse(sipUri))
        .onErrorResume(unreachable -> Mono.just(sipUri))
        .map(location -> target(location, tls));
  }
}
