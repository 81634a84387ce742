package org.p2psip.enrollment.overlay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.p2psip.enrollment.ca.CaLoader;
import org.p2psip.enrollment.ca.CertificateIssuer;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration signer of RFC 6940: a key of its own (not the CA's), with a certificate the CA
 * issues at start. Its Node-ID is derived from its public key, so the same key keeps the same
 * {@code <configuration-signer>} across restarts and clients can follow it.
 */
public record ConfigurationSigner(PrivateKey key, X509Certificate certificate, Id128 nodeId) {

  private static final Logger log = LoggerFactory.getLogger(ConfigurationSigner.class);

  /**
   * @param keyFile configured PEM key, or null
   * @param developmentDirectory where a development key is generated once, or null
   */
  public static ConfigurationSigner create(
      Path keyFile, Path developmentDirectory, CertificateIssuer issuer, String overlay) {
    try {
      KeyPair keys;
      if (keyFile != null) {
        keys = CaLoader.keyPair(keyFile);
      } else if (developmentDirectory != null) {
        Path file = developmentDirectory.resolve("config-signer-key.pem");
        if (!Files.exists(file)) {
          Files.createDirectories(developmentDirectory);
          CaLoader.writePem(file, new JcaPKCS8Generator(generate().getPrivate(), null), true);
        }
        keys = CaLoader.keyPair(file);
      } else {
        log.warn(
            "no configuration signer key configured (p2psip.enrollment.document.signer-key-file):"
                + " using one that lives only as long as this process");
        keys = generate();
      }
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
      Id128 nodeId = Id128.wrap(Arrays.copyOf(digest, Id128.LENGTH));
      X509Certificate certificate =
          issuer.issue(
              keys.getPublic(), "config-signer@" + overlay, List.of(nodeId), Duration.ofDays(365));
      return new ConfigurationSigner(keys.getPrivate(), certificate, nodeId);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot set up the configuration signer: " + e.getMessage(), e);
    }
  }

  private static KeyPair generate() throws java.security.GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
