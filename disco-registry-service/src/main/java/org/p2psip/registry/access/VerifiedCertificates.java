package org.p2psip.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Signer certificates already found to be issued by the overlay CA, by the SHA-256 of the CA's and
 * the certificate's DER. Every entry of a conference carries the same conference certificate, so
 * without this each Store would verify the CA's signature on it again. Only that one check is
 * remembered: validity, revocation and the entry's own signature are checked on every write, and a
 * new CA (another DER) shares no key with the old one.
 */
public final class VerifiedCertificates {

  private final Cache<String, X509Certificate> issued;

  public VerifiedCertificates(long maximumSize) {
    this.issued = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /** A cache that remembers nothing: every certificate is verified every time. */
  public static VerifiedCertificates none() {
    return new VerifiedCertificates(0);
  }

  static String key(X509Certificate ca, byte[] certificateDer) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] caDigest = sha256.digest(ca.getEncoded());
      byte[] certificateDigest = sha256.digest(certificateDer);
      return HexFormat.of().formatHex(caDigest) + HexFormat.of().formatHex(certificateDigest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot digest a certificate", e);
    }
  }

  /** The parsed certificate of a DER already verified against this CA, else null. */
  @Nullable X509Certificate verified(String key) {
    return issued.getIfPresent(key);
  }

  void remember(String key, X509Certificate certificate) {
    issued.put(key, certificate);
  }

  public long size() {
    issued.cleanUp();
    return issued.estimatedSize();
  }
}
