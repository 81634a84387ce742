package org.p2psip.registry.access;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;

/**
 * One entry of a Store as the access checks see it: where it goes, what it says, when it was
 * written, its signature and the signer's certificate (DER, and parsed once the first check has
 * read it), and for a write through a focus delegation the chain behind it (DER).
 */
public record SignedEntry(
    Id128 resourceId,
    Kind kind,
    long storageTime,
    DictionaryEntry entry,
    byte[] signature,
    byte[] certificateDer,
    @Nullable X509Certificate certificate,
    List<byte[]> chain) {

  public SignedEntry {
    chain = List.copyOf(chain);
  }

  public SignedEntry withCertificate(X509Certificate parsed) {
    return new SignedEntry(
        resourceId, kind, storageTime, entry, signature, certificateDer, parsed, chain);
  }

  /** Whether the signer writes through a focus delegation. */
  public boolean delegated() {
    return !chain.isEmpty();
  }
}
