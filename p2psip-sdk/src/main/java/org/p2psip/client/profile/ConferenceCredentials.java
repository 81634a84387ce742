package org.p2psip.client.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

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

  /** Saves key (owner-only) and certificate in {@code directory}, created if missing. */
  public Path save(Path directory) throws IOException {
    Files.createDirectories(directory);
    KeyFiles.writePrivateKey(directory.resolve(KEY), key);
    KeyFiles.writeCertificate(directory.resolve(CERTIFICATE), certificate);
    return directory;
  }
}
