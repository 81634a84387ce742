package org.p2psip.enrollment.overlay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.p2psip.enrollment.ca.CertificateAuthority;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.p2psip.protocol.reload.Kind;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The overlay configuration document of RFC 6940 section 11.1, with DisCo's {@code <landmarks>}
 * extension (PROTOCOL.md 4.4). Layout and signature as docs/enrollment.md states them: one {@code
 * <configuration>} element followed by its {@code <signature>}, computed by the configuration
 * signer over the exact UTF-8 bytes of the configuration element as served, from the {@code <} of
 * its start tag to the {@code >} of its end tag (no XML canonicalization is needed to check it).
 * The sequence number rises by one whenever the content changes, kept in Redis so that every
 * replica serves the same one.
 */
public final class ConfigurationDocuments {

  public static final String MEDIA_TYPE = "application/p2p-overlay+xml";
  static final String BASE = "urn:ietf:params:xml:ns:p2p:config-base";
  static final String DISCO = "urn:ietf:params:xml:ns:p2p:config-base:disco";
  static final String P2PSIP = "urn:p2psip:params:xml:ns:config";
  private static final RedisScript<Long> SEQUENCE =
      RedisScript.of(new ClassPathResource("redis/config-sequence.lua"), Long.class);

  private final CertificateAuthority ca;
  private final ConfigurationSigner signer;
  private final String overlay;
  private final EnrollmentProperties.Document settings;
  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;
  private final PublishedLandmarks landmarks;

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
    this.redis = redis;
    this.clock = clock;
  }

  /** The signed document as served. */
  public Mono<String> current() {
    String content = content();
    // The signer's certificate is re-issued at every start for the same key: that is no change
    // of the configuration (the signer's Node-ID, derived from the key, is what identifies it).
    String meaning = content.replaceAll("<p2psip:configuration-signer-certificate>[^<]*", "");
    return redis
        .execute(
            SEQUENCE, List.of("enroll:config-document:{" + overlay + "}"), List.of(digest(meaning)))
        .next()
        .map(sequence -> document(content, sequence));
  }

  private String document(String content, long sequence) {
    Instant expiration = clock.instant().plus(settings.validity()).truncatedTo(ChronoUnit.SECONDS);
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
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
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
  }

  /** Everything but sequence and expiration: what "a change" means. */
  String content() {
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
        .append(
            landmarks
                .latest()
                .map(PublishedLandmarks.Snapshot::version)
                .orElse((long) settings.landmarksVersion()))
        .append("\">\n");
    for (HostPort address : landmarkHosts()) {
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
  private List<HostPort> landmarkHosts() {
    return landmarks
        .latest()
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
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("signing the configuration failed", e);
    }
  }

  private static String digest(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(java.security.cert.X509Certificate certificate) {
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
