package org.p2psip.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A real certificate authority for TLS tests: P-256 keys, certificates written as PEM files. */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A key pair and the certificate issued for it. */
  public record Issued(KeyPair keys, X509Certificate certificate) {}

  public final Issued ca;

  public TestPki(String name) throws Exception {
    KeyPair keys = p256();
    X500Name subject = new X500Name("CN=" + name);
    JcaX509v3CertificateBuilder builder = builder(subject, subject, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    ca = new Issued(keys, sign(builder, keys));
  }

  public static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server() throws Exception {
    KeyPair keys = p256();
    JcaX509v3CertificateBuilder builder =
        builder(
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            new X500Name("CN=localhost"),
            keys);
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    return new Issued(keys, sign(builder, ca.keys()));
  }

  /** An enrollment certificate as RFC 6940 11.3 shapes it: empty subject, user and Node-ID SANs. */
  public Issued client(String user, String nodeIdHex, String overlay) throws Exception {
    KeyPair keys = p256();
    JcaX509v3CertificateBuilder builder =
        builder(
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            new X500Name(""),
            keys);
    builder.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.rfc822Name, user),
              new GeneralName(
                  GeneralName.uniformResourceIdentifier,
                  "reload://" + nodeIdHex + "@" + overlay + "/")
            }));
    return new Issued(keys, sign(builder, ca.keys()));
  }

  /** A CRL of this CA listing {@code serials}, valid for an hour from now. */
  public X509CRL crl(Collection<BigInteger> serials) throws Exception {
    Instant now = Instant.now();
    X509v2CRLBuilder builder =
        new X509v2CRLBuilder(
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            Date.from(now));
    builder.setNextUpdate(Date.from(now.plus(Duration.ofHours(1))));
    for (BigInteger serial : serials) {
      builder.addCRLEntry(serial, Date.from(now), 0);
    }
    return new JcaX509CRLConverter()
        .getCRL(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keys().getPrivate())));
  }

  public static Path pem(Path directory, String name, Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        if (object instanceof KeyPair pair) {
          // PKCS#8 ("PRIVATE KEY"), the form every PEM reader takes
          writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
        } else {
          writer.writeObject(object);
        }
      }
    }
    Path file = directory.resolve(name);
    Files.writeString(file, text.toString());
    return file;
  }
}
