package org.p2psip.enrollment.overlay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.reload.Kind;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The overlay configuration document of RFC 6940 section 11.1, with DisCo's {@code <landmarks>}
 * extension (docs/protocol.md 4.4). Layout and signature as docs/enrollment.md states them: one
 * {@code <configuration>} element followed by its {@code <signature>}, computed by the
 * configuration signer over the exact UTF-8 bytes of the configuration element as served, from the
 * {@code <} of its start tag to the {@code >} of its end tag (no XML canonicalization is needed to
 * check it).
 *
 * <p>Every replica serves the same bytes: the signed document is kept in Redis ({@link
 * SignedDocuments}) and served as stored while its content (everything but the signer's
 * certificate, which each replica has issued for the shared key) is unchanged and it has more than
 * half its validity left. Otherwise it is signed again, under the next sequence number when the
 * content changed, and stored unless another replica stored one first (then that one is served). A
 * replica whose published landmarks are older than the stored document's serves the stored one
 * rather than going back. The last document served is kept in memory, for an outage of Redis.
 */
public final class ConfigurationDocuments {

  public static final String MEDIA_TYPE = "application/p2p-overlay+xml";
  static final String BASE = "urn:ietf:params:xml:ns:p2p:config-base";
  static final String DISCO = "urn:ietf:params:xml:ns:p2p:config-base:disco";
  static final String P2PSIP = "urn:p2psip:params:xml:ns:config";

  private final CertificateAuthority ca;
  private final ConfigurationSigner signer;
  private final String overlay;
  private final EnrollmentProperties.Document settings;
  private final SignedDocuments stored;
  private final Clock clock;
  private final PublishedLandmarks landmarks;
  private final AtomicReference<SignedDocuments.@Nullable Signed> last = new AtomicReference<>();

  public ConfigurationDocuments(
      CertificateAuthority ca,
      ConfigurationSigner signer,
      String overlay,
      EnrollmentProperties.Document settings,
      ReactiveStringRedisTemplate redis,
      Clock clock) {
    this(ca, signer, overlay, settings, redis, clock, PublishedLandmarks.none());
  }

  /**
   * @param landmarks the published landmark set, listed instead of {@code settings.landmarks()}
   *     once there is one
   */
  public ConfigurationDocuments(
      CertificateAuthority ca,
      ConfigurationSigner signer,
      String overlay,
      EnrollmentProperties.Document settings,
      ReactiveStringRedisTemplate redis,
      Clock clock,
      PublishedLandmarks landmarks) {
    this.landmarks = landmarks;
    this.ca = ca;
    this.signer = signer;
    this.overlay = overlay;
    this.settings = settings;
    this.stored = new SignedDocuments(redis, overlay);
    this.clock = clock;
  }

  /** The signed document as served: the stored one, or one signed now and stored. */
  public Mono<String> current() {
    return Mono.defer(
        () -> {
          // one reading of the published landmarks: the poller may replace them meanwhile
          Optional<PublishedLandmarks.Snapshot> published = landmarks.latest();
          String content = content(published);
          // The signer's certificate is issued by each replica at start for the same key: that
          // is no change of the configuration (the signer's Node-ID, derived from the key, is what
          // identifies it).
          String digest =
              digest(content.replaceAll("<p2psip:configuration-signer-certificate>[^<]*", ""));
          long landmarksVersion = landmarksVersion(published);
          return stored
              .read()
              .flatMap(found -> choose(found, content, digest, landmarksVersion))
              .doOnNext(this::remember)
              .map(SignedDocuments.Signed::document);
        });
  }

  /**
   * The last document this replica served, while it has not expired: what is answered while Redis
   * is down.
   */
  public Optional<String> lastSigned() {
    SignedDocuments.Signed signed = last.get();
    return signed != null && signed.expiration().isAfter(clock.instant())
        ? Optional.of(signed.document())
        : Optional.empty();
  }

  private void remember(SignedDocuments.Signed signed) {
    last.set(signed);
  }

  private Mono<SignedDocuments.Signed> choose(
      SignedDocuments.Stored found, String content, String digest, long landmarksVersion) {
    Instant now = clock.instant();
    Instant expiration = found.expiration();
    boolean sameContent = found.digest().equals(digest);
    if (sameContent && expiration.isAfter(now.plus(settings.validity().dividedBy(2)))) {
      return Mono.just(found.signed());
    }
    if (!sameContent && found.landmarks() > landmarksVersion && expiration.isAfter(now)) {
      // this replica has not read the landmarks published since: the stored document is newer
      return Mono.just(found.signed());
    }
    long sequence = sameContent ? found.sequenceNumber() : found.sequenceNumber() + 1;
    SignedDocuments.Signed signed = sign(content, sequence, now);
    return stored
        .replace(found, digest, landmarksVersion, signed)
        .flatMap(
            replaced ->
                replaced
                    ? Mono.just(signed)
                    : stored
                        .read()
                        .map(winner -> winner.document() == null ? signed : winner.signed()));
  }

  private SignedDocuments.Signed sign(String content, long sequence, Instant now) {
    Instant expiration = now.plus(settings.validity()).truncatedTo(ChronoUnit.SECONDS);
    String configuration =
        "<configuration instance-name=\""
            + xml(overlay)
            + "\" sequence=\""
            + sequence
            + "\" expiration=\""
            + expiration
            + "\">\n"
            + content
            + "</configuration>";
    String document =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<overlay xmlns=\""
            + BASE
            + "\" xmlns:disco=\""
            + DISCO
            + "\" xmlns:p2psip=\""
            + P2PSIP
            + "\">\n"
            + configuration
            + "\n<signature algorithm=\"ecdsa-sha256\">"
            + sign(configuration)
            + "</signature>\n"
            + "</overlay>\n";
    return new SignedDocuments.Signed(document, sequence, expiration);
  }

  /** The version of the landmarks the document lists. */
  private long landmarksVersion(Optional<PublishedLandmarks.Snapshot> published) {
    return published
        .map(PublishedLandmarks.Snapshot::version)
        .orElse((long) settings.landmarksVersion());
  }

  /** Everything but sequence and expiration: what "a change" means. */
  String content(Optional<PublishedLandmarks.Snapshot> published) {
    StringBuilder xml = new StringBuilder();
    xml.append("<topology-plugin>CHORD-RELOAD</topology-plugin>\n")
        .append("<node-id-length>16</node-id-length>\n")
        .append("<root-cert>")
        .append(base64(ca.certificate()))
        .append("</root-cert>\n")
        .append("<enrollment-server>")
        .append(xml(settings.enrollmentServer()))
        .append("</enrollment-server>\n")
        .append("<self-signed-permitted digest=\"sha256\">false</self-signed-permitted>\n");
    for (String peer : settings.bootstrapPeers()) {
      HostPort address = HostPort.parse(peer);
      xml.append("<bootstrap-node address=\"")
          .append(xml(address.host()))
          .append("\" port=\"")
          .append(address.port())
          .append("\"/>\n");
    }
    xml.append("<clients-permitted>true</clients-permitted>\n")
        .append("<configuration-signer>")
        .append(signer.nodeId().hex())
        .append("</configuration-signer>\n")
        .append("<required-kinds>\n")
        .append(kind("name=\"SIP-REGISTRATION\"", Kind.SIP_REGISTRATION))
        .append(kind("id=\"" + Kind.DISCO_REGISTRATION.id() + "\"", Kind.DISCO_REGISTRATION))
        .append("</required-kinds>\n")
        .append("<disco:landmarks version=\"")
        .append(landmarksVersion(published))
        .append("\">\n");
    for (HostPort address : landmarkHosts(published)) {
      xml.append("<disco:landmark-host address=\"")
          .append(xml(address.host()))
          .append("\" port=\"")
          .append(address.port())
          .append("\"/>\n");
    }
    xml.append("</disco:landmarks>\n")
        .append("<p2psip:configuration-signer-certificate>")
        .append(base64(signer.certificate()))
        .append("</p2psip:configuration-signer-certificate>\n");
    return xml.toString();
  }

  /** The published landmarks, else the configured ones. */
  private List<HostPort> landmarkHosts(Optional<PublishedLandmarks.Snapshot> published) {
    return published
        .map(PublishedLandmarks.Snapshot::hosts)
        .orElseGet(
            () ->
                settings.landmarks().stream()
                    .filter(landmark -> !landmark.isBlank())
                    .map(HostPort::parse)
                    .toList());
  }

  private static String kind(String identity, Kind kind) {
    return "<kind-block><kind "
        + identity
        + "><data-model>DICTIONARY</data-model><access-control>"
        + kind.accessControl().name().replace('_', '-')
        + "</access-control><max-count>64</max-count><max-size>4096</max-size></kind></kind-block>\n";
  }

  private String sign(String configuration) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(signer.key());
      signature.update(configuration.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing the configuration failed", e);
    }
  }

  private static String digest(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(X509Certificate certificate) {
    try {
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String xml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** {@code host:port} from configuration. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected host:port, got '" + text + "'");
      }
      return new HostPort(
          text.substring(0, colon).replace("[", "").replace("]", ""),
          Integer.parseInt(text.substring(colon + 1).trim()));
    }
  }
}
