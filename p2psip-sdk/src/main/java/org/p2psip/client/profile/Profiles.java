package org.p2psip.client.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.enroll.SavedConfiguration;

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

  /** The profiles of {@code home}, or of the default home when null. */
  public static Profiles at(@Nullable Path home) {
    return new Profiles(home == null ? defaultHome() : home);
  }

  public static Path defaultHome() {
    String configured = System.getenv("P2PSIP_HOME");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".p2psip");
  }

  /** The home directory these profiles live in. */
  public Path home() {
    return home;
  }

  public Path directory(String user) {
    return home.resolve("profiles").resolve(user);
  }

  /** The users that have a profile directory, sorted; empty when there is none. */
  public List<String> users() throws IOException {
    Path root = home.resolve("profiles");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> users = Files.list(root)) {
      return users.sorted().map(directory -> directory.getFileName().toString()).toList();
    }
  }

  /** Saves an enrollment and makes it the default profile; the directory it went to. */
  public Path save(String user, Enrollment.Enrolled enrolled) throws IOException {
    Path directory = directory(user);
    Files.createDirectories(directory);
    KeyFiles.writePrivateKey(directory.resolve("key.pem"), enrolled.keys().getPrivate());
    KeyFiles.writeCertificate(directory.resolve("cert.pem"), enrolled.certificate());
    KeyFiles.writeCertificate(directory.resolve("ca.pem"), enrolled.configuration().root());
    Files.writeString(directory.resolve("reload-config.xml"), enrolled.configuration().xml());
    Files.writeString(home.resolve("default"), user + "\n");
    return directory;
  }

  /**
   * Replaces the key and certificate of {@code user}'s profile after a renewal (the overlay root
   * and configuration stay); the key file is rewritten readable by its owner only.
   */
  public void saveRenewed(String user, PrivateKey key, X509Certificate certificate)
      throws IOException {
    Path directory = directory(user);
    Path fresh = directory.resolve("key.pem.new");
    KeyFiles.writePrivateKey(fresh, key);
    Path freshCertificate = directory.resolve("cert.pem.new");
    KeyFiles.writeCertificate(freshCertificate, certificate);
    // both written before either replaces the old: a failure leaves the old pair intact
    Files.move(
        fresh,
        directory.resolve("key.pem"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        freshCertificate,
        directory.resolve("cert.pem"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The user of the default profile (the last enrolled), if any. */
  public Optional<String> defaultUser() throws IOException {
    Path marker = home.resolve("default");
    return Files.exists(marker) ? Optional.of(Files.readString(marker).trim()) : Optional.empty();
  }

  /** {@code user}, or the default profile's user when null; empty when there is neither. */
  public Optional<String> resolve(@Nullable String user) throws IOException {
    return user != null ? Optional.of(user) : defaultUser();
  }

  /**
   * The configuration document saved with {@code user}'s profile (verified when it was saved, not
   * again: it may have expired since), if there is one.
   */
  public Optional<String> savedConfiguration(String user) throws IOException {
    Path xml = directory(user).resolve("reload-config.xml");
    return Files.exists(xml) ? Optional.of(Files.readString(xml)) : Optional.empty();
  }

  /**
   * The configuration document saved with the profile of {@code user} (the default profile when
   * null), read with an XML parser but not verified again; empty without profile or document.
   */
  public Optional<SavedConfiguration> savedConfigurationOf(@Nullable String user)
      throws IOException {
    Optional<String> name = resolve(user);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return savedConfiguration(name.get()).map(SavedConfiguration::parse);
  }

  /** The profile of {@code user}, or the default one when null. */
  public Profile load(@Nullable String user) throws IOException {
    String name =
        resolve(user)
            .orElseThrow(
                () -> new IOException("no profile: run 'p2psip enroll' first (home " + home + ")"));
    Path directory = directory(name);
    if (!Files.exists(directory.resolve("key.pem"))) {
      throw new IOException("no profile for " + name + " in " + home);
    }
    return new Profile(
        name,
        KeyFiles.readPrivateKey(directory.resolve("key.pem")),
        KeyFiles.readCertificate(directory.resolve("cert.pem")),
        KeyFiles.readCertificate(directory.resolve("ca.pem")));
  }

  /**
   * Writes a profile's key, certificate and overlay root as one new PKCS#12 file (mode 600) under
   * the profile's user name; an existing {@code file} is not replaced.
   */
  public static void exportPkcs12(Profile profile, Path file, char[] password) throws IOException {
    KeyFiles.writePkcs12(
        file, profile.user(), profile.key(), password, profile.certificate(), profile.ca());
  }

  /** The private key in a PEM file; see {@link KeyFiles#readPrivateKey}. */
  public static PrivateKey privateKey(Path file) throws IOException {
    return KeyFiles.readPrivateKey(file);
  }

  /** The certificate in a PEM file; see {@link KeyFiles#readCertificate}. */
  public static X509Certificate certificate(Path file) throws IOException {
    return KeyFiles.readCertificate(file);
  }

  /** PEM text of {@code object}; see {@link KeyFiles#pem}. */
  public static String pem(Object object) throws IOException {
    return KeyFiles.pem(object);
  }
}
