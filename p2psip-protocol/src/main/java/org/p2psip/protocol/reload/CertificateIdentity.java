package org.p2psip.protocol.reload;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.p2psip.protocol.value.Id128;

/**
 * Who an overlay certificate names (docs/protocol.md 4.4; RFC 6940 section 11.3): the user name
 * from its one rfc822Name subject-alternative name, and its Node-IDs from {@code reload://<32 hex
 * digits>@<overlay>/} URI subject-alternative names.
 *
 * <p>This only reads the certificate; whether it chains to the overlay CA is the verifier's job.
 */
public record CertificateIdentity(String userName, List<Id128> nodeIds, String overlayName) {

  private static final int SAN_RFC822 = 1;
  private static final int SAN_URI = 6;
  private static final Pattern RELOAD_URI =
      Pattern.compile("reload://([0-9a-f]{32})@([^/@\\s]+)/", Pattern.CASE_INSENSITIVE);

  public CertificateIdentity {
    nodeIds = List.copyOf(nodeIds);
  }

  /** The {@code reload://} URI that names {@code nodeId} in {@code overlay}. */
  public static String reloadUri(Id128 nodeId, String overlay) {
    return "reload://" + nodeId.hex() + "@" + overlay + "/";
  }

  /**
   * @throws IllegalArgumentException when the certificate does not name exactly one user and at
   *     least one Node-ID of a single overlay in the form above
   */
  public static CertificateIdentity of(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject alternative names", e);
    }
    if (names == null) {
      throw new IllegalArgumentException("an overlay certificate has subject alternative names");
    }
    String userName = null;
    String overlay = null;
    List<Id128> nodeIds = new ArrayList<>();
    for (List<?> name : names) {
      int kind = (Integer) name.get(0);
      if (kind == SAN_RFC822) {
        if (userName != null) {
          throw new IllegalArgumentException("an overlay certificate names one user");
        }
        userName = (String) name.get(1);
      } else if (kind == SAN_URI) {
        Matcher uri = RELOAD_URI.matcher((String) name.get(1));
        if (!uri.matches()) {
          continue; // other URIs may appear; only reload:// ones name Node-IDs
        }
        if (overlay != null && !overlay.equalsIgnoreCase(uri.group(2))) {
          throw new IllegalArgumentException("Node-IDs of two overlays in one certificate");
        }
        overlay = uri.group(2);
        nodeIds.add(Id128.fromHex(uri.group(1).toLowerCase(Locale.ROOT)));
      }
    }
    if (userName == null || userName.isEmpty()) {
      throw new IllegalArgumentException("an overlay certificate has an rfc822Name user name");
    }
    if (nodeIds.isEmpty()) {
      throw new IllegalArgumentException("an overlay certificate has a reload:// Node-ID URI");
    }
    return new CertificateIdentity(userName, nodeIds, overlay);
  }
}
