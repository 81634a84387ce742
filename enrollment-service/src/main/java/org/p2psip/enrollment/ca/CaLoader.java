package org.p2psip.enrollment.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the CA key and certificate. Configured files must exist: a missing key stops the service
 * with a clear message, and is never silently replaced (clients trust the old root). Only the
 * development directory mode creates a CA, once, and reuses it on every later start.
 */
public final class CaLoader {

  private static final Logger log = LoggerFactory.getLogger(CaLoader.class);
  static final String KEY_FILE = "ca-key.pem";
  static final String CERTIFICATE_FILE = "ca.pem";

  private CaLoader() {}

  public static CertificateAuthority load(EnrollmentProperties.Ca config) {
    try {
      if (config.keyFile() != null || config.certificateFile() != null) {
        return fromFiles(config.keyFile(), config.certificateFile());
      }
      if (config.pkcs12File() != null) {
        return fromPkcs12(config.pkcs12File(), config.pkcs12Password());
      }
      if (config.generateIn() != null) {
        return generatedOnce(config);
      }
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot load the overlay CA: " + e.getMessage(), e);
    }
    throw new IllegalStateException(
        "no overlay CA configured: set p2psip.enrollment.ca.key-file and certificate-file"
            + " (PEM, e.g. a mounted Secret), or p2psip.enrollment.ca.generate-in for development");
  }

  private static CertificateAuthority fromFiles(
      @Nullable Path keyFile, @Nullable Path certificateFile)
      throws IOException, GeneralSecurityException {
    for (Path file : new Path[] {keyFile, certificateFile}) {
      if (file == null || !Files.isReadable(file)) {
        throw new IllegalStateException(
            "the overlay CA file "
                + file
                + " is missing or unreadable; refusing to start"
                + " (a CA key is never replaced silently)");
      }
    }
    return new CertificateAuthority(readKey(keyFile), readCertificate(certificateFile));
  }

  private static CertificateAuthority fromPkcs12(Path file, @Nullable String password)
      throws IOException, GeneralSecurityException {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "the overlay CA keystore "
              + file
              + " is missing or unreadable; refusing to start"
              + " (a CA key is never replaced silently)");
    }
    char[] secret = password == null ? new char[0] : password.toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      store.load(in, secret);
    }
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        return new CertificateAuthority(
            (PrivateKey) store.getKey(alias, secret),
            (X509Certificate) store.getCertificate(alias));
      }
    }
    throw new IllegalStateException(file + " holds no key entry");
  }

  private static CertificateAuthority generatedOnce(EnrollmentProperties.Ca config)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    Path directory = config.generateIn();
    Path keyFile = directory.resolve(KEY_FILE);
    Path certificateFile = directory.resolve(CERTIFICATE_FILE);
    if (Files.exists(keyFile) || Files.exists(certificateFile)) {
      log.info("using the development CA in {}", directory);
      return fromFiles(keyFile, certificateFile);
    }
    Files.createDirectories(directory);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=" + config.name());
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(127, new SecureRandom()),
            Date.from(now.minusSeconds(300)),
            Date.from(now.plus(config.generatedValidity())),
            name,
            keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        extensions.createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    write(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null), true);
    write(certificateFile, certificate, false);
    log.warn("generated a development CA in {}; it is reused on every later start", directory);
    return new CertificateAuthority(keys.getPrivate(), certificate);
  }

  /** Writes one PEM object; {@code secret} restricts the file to its owner. */
  public static void writePem(Path file, Object pem, boolean secret) throws IOException {
    write(file, pem, secret);
  }

  /** A key pair from a PEM private key (the public half derived from it). */
  public static KeyPair keyPair(Path file) throws IOException, GeneralSecurityException {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair);
      }
      if (object instanceof PrivateKeyInfo info) {
        PrivateKey key = converter.getPrivateKey(info);
        if (!(key instanceof ECPrivateKey ec)) {
          throw new IllegalStateException(file + " holds no EC private key");
        }
        // Q = d * G: the public half, whether or not the PKCS#8 encoding carried it
        var spec = EC5Util.convertSpec(ec.getParams());
        var q = spec.getG().multiply(ec.getS()).normalize();
        PublicKey publicKey =
            KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(EC5Util.convertPoint(q), ec.getParams()));
        return new KeyPair(publicKey, key);
      }
      throw new IllegalStateException(file + " holds no EC private key");
    }
  }

  static void write(Path file, Object pem, boolean secret) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pem);
    }
    Files.writeString(file, text.toString());
    if (secret) {
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        log.warn("cannot restrict permissions of {}", file);
      }
    }
  }

  static PrivateKey readKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalStateException(file + " holds no private key (PEM PKCS#8 or SEC1 expected)");
    }
  }

  static X509Certificate readCertificate(Path file) throws IOException, CertificateException {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new IllegalStateException(file + " holds no certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    }
  }
}
