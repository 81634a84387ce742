package org.p2psip.client.profile;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.p2psip.protocol.reload.EntrySignatures;

/**
 * A conference's shared key and certificate as files: {@code key.pem} (PKCS#8, readable by its
 * owner only) and {@code cert.pem} in one directory per conference.
 */
public record ConferenceCredentials(PrivateKey key, X509Certificate certificate) {

  /** The key's file name in a conference directory. */
  public static final String KEY = "key.pem";

  /** The certificate's file name in a conference directory. */
  public static final String CERTIFICATE = "cert.pem";

  /** The key of the conference saved in {@code directory}. */
  public static PrivateKey key(Path directory) throws IOException {
    return KeyFiles.readPrivateKey(directory.resolve(KEY));
  }

  /** The certificate of the conference saved in {@code directory}. */
  public static X509Certificate certificate(Path directory) throws IOException {
    return KeyFiles.readCertificate(directory.resolve(CERTIFICATE));
  }

  /** Key and certificate saved in {@code directory}. */
  public static ConferenceCredentials load(Path directory) throws IOException {
    return new ConferenceCredentials(key(directory), certificate(directory));
  }

  /** Certificate then private key (PKCS#8) as PEM: what a focus passes on in DisCo 4.4's INFO. */
  public byte[] pem() throws IOException {
    return (KeyFiles.pem(certificate) + KeyFiles.pem(new JcaPKCS8Generator(key, null)))
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads {@link #pem}'s form: a certificate and a private key, which must belong together.
   *
   * @throws IOException when either is missing or the key is not the certificate's
   */
  public static ConferenceCredentials fromPem(byte[] pem) throws IOException {
    X509Certificate certificate = null;
    PrivateKey key = null;
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder && certificate == null) {
          certificate = new JcaX509CertificateConverter().getCertificate(holder);
        } else if (object instanceof PrivateKeyInfo info && key == null) {
          key = keys.getPrivateKey(info);
        } else if (object instanceof PEMKeyPair pair && key == null) {
          key = keys.getKeyPair(pair).getPrivate();
        }
      }
    } catch (java.security.cert.CertificateException | RuntimeException e) {
      throw new IOException("not a certificate and key: " + e.getMessage(), e);
    }
    if (certificate == null || key == null) {
      throw new IOException("a certificate and its private key are expected");
    }
    byte[] probe = "conference credentials".getBytes(StandardCharsets.US_ASCII);
    boolean matching;
    try {
      matching =
          EntrySignatures.verify(
              certificate.getPublicKey(), probe, EntrySignatures.sign(key, probe));
    } catch (IllegalArgumentException e) {
      matching = false; // a key of an algorithm entries are not signed with
    }
    if (!matching) {
      throw new IOException("the private key is not the certificate's");
    }
    return new ConferenceCredentials(key, certificate);
  }

  /** Saves key (owner-only) and certificate in {@code directory}, created if missing. */
  public Path save(Path directory) throws IOException {
    Files.createDirectories(directory);
    KeyFiles.writePrivateKey(directory.resolve(KEY), key);
    KeyFiles.writeCertificate(directory.resolve(CERTIFICATE), certificate);
    return directory;
  }
}
