package org.p2psip.enrollment.ca;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.HostPeerIssuer;

/**
 * The peer CA as loaded at start, its issuer and its CRL, or nothing when no peer CA is configured
 * ({@link PeerCaLoader}). A holder rather than beans of their own so that the overlay CA stays the
 * only {@link CertificateAuthority} and the only {@link SignedCrls} bean.
 */
public final class PeerCertificateAuthority {

  private final @Nullable CertificateAuthority ca;
  private final @Nullable HostPeerIssuer issuer;
  private final @Nullable SignedCrls crls;

  private PeerCertificateAuthority(
      @Nullable CertificateAuthority ca,
      @Nullable HostPeerIssuer issuer,
      @Nullable SignedCrls crls) {
    this.ca = ca;
    this.issuer = issuer;
    this.crls = crls;
  }

  public static PeerCertificateAuthority of(
      CertificateAuthority ca, HostPeerIssuer issuer, SignedCrls crls) {
    return new PeerCertificateAuthority(ca, issuer, crls);
  }

  public static PeerCertificateAuthority none() {
    return new PeerCertificateAuthority(null, null, null);
  }

  public Optional<CertificateAuthority> ca() {
    return Optional.ofNullable(ca);
  }

  public Optional<HostPeerIssuer> issuer() {
    return Optional.ofNullable(issuer);
  }

  public Optional<SignedCrls> crls() {
    return Optional.ofNullable(crls);
  }
}
