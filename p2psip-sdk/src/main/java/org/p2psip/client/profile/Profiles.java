package org.p2psip.client.profile;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.p2psip.client.enroll.Enrollment;

/**
 * Where the command line keeps identities: {@code <home>/profiles/<user>/} with {@code key.pem}
 * (PKCS#8, readable by its owner only), {@code cert.pem}, {@code ca.pem} (the overlay root from the
 * verified configuration) and {@code reload-config.xml}; {@code <home>/default} names the profile
 * used when none is given. Home is {@code $P2PSIP_HOME}, else {@code ~/.p2psip}.
 */
public final class Profiles {

  /** A saved identity. */
  public record Profile(
      String user, PrivateKey key, X509Certificate certificate, X509Certificate ca) {}

  private final Path home;

  public Profiles(Path home) {
    this.home = home;
  }

  public static Path defaultHome() {
    String configured = System.getenv("P2PSIP_HOME");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".p2psip");
  }

  public Path directory(String user) {
    return home.resolve("profiles").resolve(user);
  }

  /** Saves an enrollment and makes it the default profile; the directory it went to. */
  public Path save(String user, Enrollment.Enrolled enrolled) throws IOException {
    Path directory = directory(user);
    Files.createDirectories(directory);
    Path key = directory.resolve("key.pem");
    Files.deleteIfExists(key);
    Files.createFile(
        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, pem(new JcaPKCS8Generator(enrolled.keys().getPrivate(), null)));
    Files.writeString(directory.resolve("cert.pem"), pem(enrolled.certificate()));
    Files.writeString(directory.resolve("ca.pem"), pem(enrolled.configuration().root()));
    Files.writeString(directory.resolve("reload-config.xml"), enrolled.configuration().xml());
    Files.writeString(home.resolve("default"), user + "\n");
    return directory;
  }

  /**
   * Replaces the key and certificate of {@code user}'s profile after a renewal (the overlay root
   * and configuration stay); the key file is rewritten readable by its owner only.
   */
  public void saveRenewed(String user, java.security.PrivateKey key, X509Certificate certificate)
      throws IOException {
    Path directory = directory(user);
    Path fresh = directory.resolve("key.pem.new");
    Files.deleteIfExists(fresh);
    Files.createFile(
        fresh, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(fresh, pem(new JcaPKCS8Generator(key, null)));
    Path freshCertificate = directory.resolve("cert.pem.new");
    Files.writeString(freshCertificate, pem(certificate));
    // both written before either replaces the old: a failure leaves the old pair intact
    Files.move(
        fresh,
        directory.resolve("key.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        freshCertificate,
        directory.resolve("cert.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The user of the default profile (the last enrolled), if any. */
  public java.util.Optional<String> defaultUser() throws IOException {
    Path marker = home.resolve("default");
    return Files.exists(marker)
        ? java.util.Optional.of(Files.readString(marker).trim())
        : java.util.Optional.empty();
  }

  /**
   * The configuration document saved with {@code user}'s profile (verified when it was saved, not
   * again: it may have expired since), if there is one.
   */
  public java.util.Optional<String> savedConfiguration(String user) throws IOException {
    Path xml = directory(user).resolve("reload-config.xml");
    return Files.exists(xml)
        ? java.util.Optional.of(Files.readString(xml))
        : java.util.Optional.empty();
  }

  /** The profile of {@code user}, or the default one when null. */
  public Profile load(String user) throws IOException {
    String name = user;
    if (name == null) {
      name =
          defaultUser()
              .orElseThrow(
                  () ->
                      new IOException("no profile: run 'p2psip enroll' first (home " + home + ")"));
    }
    Path directory = directory(name);
    if (!Files.exists(directory.resolve("key.pem"))) {
      throw new IOException("no profile for " + name + " in " + home);
    }
    return new Profile(
        name,
        privateKey(directory.resolve("key.pem")),
        certificate(directory.resolve("cert.pem")),
        certificate(directory.resolve("ca.pem")));
  }

  public static PrivateKey privateKey(Path file) throws IOException {
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

  public static X509Certificate certificate(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException("no certificate in " + file, e);
    }
  }

  public static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
