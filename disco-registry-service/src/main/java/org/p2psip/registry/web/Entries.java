package org.p2psip.registry.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.p2psip.registry.store.StoredEntry;

/** Conversions between stored entries and their JSON form. */
final class Entries {

  private static final Base64.Encoder B64 = Base64.getEncoder();

  private Entries() {}

  static ApiTypes.Entry json(StoredEntry entry) {
    return new ApiTypes.Entry(
        entry.key(),
        entry.exists(),
        B64.encodeToString(entry.value()),
        entry.storageTime(),
        entry.lifetime(),
        B64.encodeToString(entry.signature()),
        B64.encodeToString(entry.certificate()),
        entry.chain().isEmpty() ? null : entry.chain().stream().map(B64::encodeToString).toList());
  }

  static ApiTypes.EntryMeta meta(StoredEntry entry) {
    try {
      return new ApiTypes.EntryMeta(
          entry.key(),
          entry.exists(),
          entry.storageTime(),
          entry.lifetime(),
          entry.value().length,
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entry.value())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
