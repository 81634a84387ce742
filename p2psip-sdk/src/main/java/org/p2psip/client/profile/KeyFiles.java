package org.p2psip.client.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Keys and certificates as files: PEM (a private key as PKCS#8, or the traditional EC/RSA form when
 * reading), and PKCS#12 for software that takes a keystore. Files holding a private key are created
 * readable by their owner only ({@code rw-------}).
 */
public final class KeyFiles {

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private KeyFiles() {}

  /** The private key in a PEM file (PKCS#8 or a traditional key pair). */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        PEMParser parser = new PEMParser(in)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IOException("no private key in " + file);
    }
  }

  /** The (first) X.509 certificate in a PEM or DER file. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (CertificateException e) {
      throw new IOException("no certificate in " + file, e);
    }
  }

  /**
   * Writes {@code key} as PKCS#8 PEM to {@code file}, replacing it; the file is readable by its
   * owner only, from its creation on.
   */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, OWNER_ONLY);
    Files.writeString(file, pem(new JcaPKCS8Generator(key, null)));
  }

  /** Writes {@code certificate} as PEM to {@code file}, replacing it. */
  public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
    Files.writeString(file, pem(certificate));
  }

  /**
   * Writes key and chain as a new PKCS#12 file (never replaces one: an existing {@code file} is an
   * {@link IllegalArgumentException}), readable by its owner only.
   */
  public static void writePkcs12(
      Path file, String alias, PrivateKey key, char[] password, X509Certificate... chain)
      throws IOException {
    if (Files.exists(file)) {
      throw new IllegalArgumentException(file + " exists: not replaced");
    }
    try {
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(null, null);
      keystore.setKeyEntry(alias, key, password, chain.clone());
      Files.createFile(file, OWNER_ONLY);
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
        keystore.store(out, password);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the keystore " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code object} (a certificate, a key, a PKCS#8 generator) as PEM text. */
  public static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
