package org.p2psip.protocol.reload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.p2psip.protocol.value.Id128;

/**
 * The bytes a stored entry's signature covers (docs/protocol.md 4.3), in this order: Resource-ID
 * (16) | Kind-ID (uint32) | storage_time (uint64) | the encoded dictionary entry | SHA-256 of the
 * signer's certificate (DER, 32 bytes). Binding the certificate hash stops a valid signature being
 * replayed under another certificate.
 */
public final class SignatureInput {

  private SignatureInput() {}

  public static byte[] of(
      Id128 resourceId,
      long kindId,
      long storageTime,
      DictionaryEntry entry,
      byte[] signerCertDer) {
    byte[] encodedEntry = entry.encode();
    return new ReloadWriter(16 + 4 + 8 + encodedEntry.length + 32)
        .bytes(resourceId.unsafeArray())
        .uint32(kindId)
        .uint64(storageTime)
        .bytes(encodedEntry)
        .bytes(sha256(signerCertDer))
        .toByteArray();
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
