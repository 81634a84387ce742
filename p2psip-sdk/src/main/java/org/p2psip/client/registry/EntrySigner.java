package org.p2psip.client.registry;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.DictionaryEntry;
import org.p2psip.protocol.reload.EntrySignatures;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.SignatureInput;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Signs dictionary entries with a key and its overlay certificate (docs/protocol.md 4.3), or with a
 * focus's own key through a delegation (the delegation as the signer's certificate, its chain
 * attached).
 */
public final class EntrySigner {

  private final PrivateKey key;
  private final byte[] certificate;
  private final @Nullable List<String> chain;

  public EntrySigner(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = der(certificate);
    this.chain = null;
  }

  /** Signs with {@code focusKey}, the key {@code delegation} was issued for. */
  public EntrySigner(PrivateKey focusKey, FocusDelegation delegation) {
    this.key = focusKey;
    this.certificate = der(delegation.delegation());
    Base64.Encoder b64 = Base64.getEncoder();
    this.chain =
        List.of(
            b64.encodeToString(der(delegation.conference())),
            b64.encodeToString(der(delegation.focus())));
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("unreadable certificate", e);
    }
  }

  /** An entry of {@code value} under {@code entryKey}, or its delete when value is null. */
  public RegistryEntry sign(
      Id128 resource,
      Kind kind,
      Id128 entryKey,
      byte @Nullable [] value,
      long storageTime,
      long lifetime) {
    boolean exists = value != null;
    DictionaryEntry entry =
        new DictionaryEntry(
            Octets.of(entryKey.toByteArray()), exists, exists ? Octets.of(value) : Octets.EMPTY);
    byte[] signature =
        EntrySignatures.sign(
            key, SignatureInput.of(resource, kind.id(), storageTime, entry, certificate));
    Base64.Encoder b64 = Base64.getEncoder();
    return new RegistryEntry(
        entryKey.hex(),
        exists,
        b64.encodeToString(exists ? value : new byte[0]),
        storageTime,
        lifetime,
        b64.encodeToString(signature),
        b64.encodeToString(certificate),
        chain);
  }
}
