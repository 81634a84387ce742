package org.p2psip.enrollment.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The enrollment service's settings, under {@code p2psip.enrollment}.
 *
 * @param overlayName the overlay whose certificates this CA issues ({@code reload://id@overlay/})
 * @param operatorToken bearer token of the operator API (from a Kubernetes Secret); empty: the
 *     operator API refuses every call
 * @param registry the DisCo registry consulted before a conference URI is claimed
 * @param gateway how a client certificate forwarded by the gateway is recognised
 */
@ConfigurationProperties("p2psip.enrollment")
public record EnrollmentProperties(
    @DefaultValue("overlay.example.org") String overlayName,
    @Nullable String operatorToken,
    @DefaultValue Ca ca,
    @DefaultValue Certificates certificates,
    @DefaultValue Accounts accounts,
    @DefaultValue Document document,
    @DefaultValue Registry registry,
    @DefaultValue Gateway gateway,
    @DefaultValue PeerCa peerCa) {

  /**
   * The peer CA (docs/peer-protocol.md 1): the intermediate under the overlay CA that issues
   * host-peer certificates ({@code POST /v1/operator/peer-certificates}) and nothing else. Either
   * {@code keyFile} and {@code certificateFile} (PEM, e.g. a mounted Secret; must exist and be
   * signed by the overlay CA), or a directory where it is created on first start and reused ever
   * after: {@code generateIn}, by default the development CA directory ({@code ca.generate-in}).
   * With neither, no peer CA: its endpoints answer 503 and the service says so at start.
   *
   * @param generatedValidity how long a peer CA created here is valid (never beyond the overlay CA)
   * @param validity a host-peer certificate's validity when the operator names none
   * @param maxValidity the longest validity the operator may ask for
   */
  public record PeerCa(
      @Nullable Path keyFile,
      @Nullable Path certificateFile,
      @Nullable Path generateIn,
      @DefaultValue("3650d") Duration generatedValidity,
      @DefaultValue("90d") Duration validity,
      @DefaultValue("365d") Duration maxValidity) {}

  /**
   * A client certificate the gateway's TLS handshake verified arrives in {@code
   * X-P2PSIP-Client-Certificate}, signed by the gateway ({@code ForwardedCertificate}). Without a
   * secret every request carrying that header is refused.
   *
   * @param forwardingSecret the secret the gateway signs with (at least 32 bytes)
   * @param maxSkew how old (or early) a signature may be; a signature is accepted once
   */
  public record Gateway(@Nullable String forwardingSecret, @DefaultValue("30s") Duration maxSkew) {}

  /**
   * The DisCo registry asked before a conference URI is first given a certificate (DisCo 4.3: the
   * URI must hold no DISCO or SIP-REGISTRATION data). Without a URL the check is skipped (and the
   * service says so at startup).
   *
   * @param url base URL of the disco-registry-service
   * @param timeout how long to wait for its Stat; no answer refuses the creation (503)
   */
  public record Registry(@Nullable URI url, @DefaultValue("5s") Duration timeout) {}

  /**
   * Where the CA key and certificate come from. Either {@code keyFile} and {@code certificateFile}
   * (PEM, from a mounted Secret), which must exist, or, in development, {@code generateIn}: a
   * directory where a CA is created on first start and reused ever after.
   */
  public record Ca(
      @Nullable Path keyFile,
      @Nullable Path certificateFile,
      @Nullable Path pkcs12File,
      @Nullable String pkcs12Password,
      @Nullable Path generateIn,
      @DefaultValue("P2PSIP Overlay CA") String name,
      @DefaultValue("3650d") Duration generatedValidity) {}

  /**
   * The overlay configuration document ({@code /.well-known/reload-config}): where to enrol, the
   * bootstrap host peers and the DisCo landmarks ({@code host:port} each), how long a document is
   * valid, and the configuration signer's key.
   *
   * @param landmarks landmark hosts listed while none are published (or no {@code landmarksUrl})
   * @param landmarksVersion the version of that static list
   * @param validity how long a signed document is valid; it is signed again once half of it is gone
   * @param signerKeyFile the configuration signer's key (PEM), shared by every replica (a Secret);
   *     required unless a development CA directory ({@code ca.generate-in}) is configured, where
   *     one is generated once and reused
   * @param landmarksUrl a landmark service (or the gateway): its published set ({@code GET
   *     /v1/landmarks}: version, probe address of each landmark) replaces the static list
   * @param landmarksRefresh how often the published set is read again
   * @param retryAfter the {@code Retry-After} of a 503 answered while Redis is down and no signed
   *     document is in memory
   * @param storeProbeInterval how often Redis is PINGed to notice an outage, and its end
   */
  public record Document(
      @DefaultValue("https://127.0.0.1:8081/enroll") String enrollmentServer,
      @DefaultValue("127.0.0.1:6084") List<String> bootstrapPeers,
      @DefaultValue("") List<String> landmarks,
      @DefaultValue("1") int landmarksVersion,
      @DefaultValue("30d") Duration validity,
      @Nullable Path signerKeyFile,
      @Nullable URI landmarksUrl,
      @DefaultValue("30s") Duration landmarksRefresh,
      @DefaultValue("5s") Duration retryAfter,
      @DefaultValue("1s") Duration storeProbeInterval) {

    /** The canonical constructor is the one settings are bound with. */
    @ConstructorBinding
    public Document {}

    /** Without the outage settings: their defaults (5 s, 1 s). */
    public Document(
        String enrollmentServer,
        List<String> bootstrapPeers,
        List<String> landmarks,
        int landmarksVersion,
        Duration validity,
        @Nullable Path signerKeyFile,
        @Nullable URI landmarksUrl,
        Duration landmarksRefresh) {
      this(
          enrollmentServer,
          bootstrapPeers,
          landmarks,
          landmarksVersion,
          validity,
          signerKeyFile,
          landmarksUrl,
          landmarksRefresh,
          Duration.ofSeconds(5),
          Duration.ofSeconds(1));
    }
  }

  /** What issued certificates look like, and how long a CRL is valid (its nextUpdate). */
  public record Certificates(
      @DefaultValue("7d") Duration validity,
      @DefaultValue("4") int maxNodeIds,
      @DefaultValue("5m") Duration backdate,
      @DefaultValue("1h") Duration crlValidity) {}

  /**
   * Accounts: self-registration, the cost of the password verifier, and how many failed logins a
   * user name, or a client address (which may front many users), may have within the window before
   * logins are refused.
   */
  public record Accounts(
      @DefaultValue("false") boolean selfRegistration,
      @DefaultValue("210000") int verifierIterations,
      @DefaultValue("5") int maxFailedLoginsPerUser,
      @DefaultValue("50") int maxFailedLoginsPerAddress,
      @DefaultValue("15m") Duration failedLoginWindow) {}
}
