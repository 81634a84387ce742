package org.p2psip.client.delegation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.p2psip.client.profile.KeyFiles;
import org.p2psip.protocol.reload.FocusDelegation;

/**
 * A delegation as the file the owner hands to the focus: three PEM certificates, the delegation,
 * the conference certificate, the focus's certificate. Nothing in it is secret: the focus signs
 * with its own key, which never leaves its profile.
 */
public final class DelegationFile {

  private DelegationFile() {}

  public static Path save(Path file, FocusDelegation delegation) throws IOException {
    Files.writeString(
        file,
        KeyFiles.pem(delegation.delegation())
            + KeyFiles.pem(delegation.conference())
            + KeyFiles.pem(delegation.focus()));
    return file;
  }

  /**
   * @throws IOException when the file does not hold exactly three certificates
   */
  public static FocusDelegation load(Path file) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new IOException("no delegation in " + file + ": " + e.getMessage(), e);
    }
    if (certificates.size() != 1 + FocusDelegation.CHAIN_LENGTH) {
      throw new IOException(
          file
              + " holds "
              + certificates.size()
              + " certificates, not a delegation, the conference's and the focus's");
    }
    return new FocusDelegation(certificates.get(0), certificates.get(1), certificates.get(2));
  }
}
