package org.p2psip.registry.store;

import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;

/**
 * How an entry is kept in its Redis hash field: a small JSON object, binary fields in base64. The
 * key is the field name and the expiry lives in the expiry sorted set, so neither is repeated.
 */
final class EntryBlobs {

  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** The stored form. */
  record Blob(
      boolean exists,
      String value,
      long storageTime,
      long lifetime,
      String signature,
      String certificate) {}

  private final JsonMapper json;

  EntryBlobs(JsonMapper json) {
    this.json = json;
  }

  String write(StoredEntry entry) {
    return json.writeValueAsString(
        new Blob(
            entry.exists(),
            B64.encodeToString(entry.value()),
            entry.storageTime(),
            entry.lifetime(),
            B64.encodeToString(entry.signature()),
            B64.encodeToString(entry.certificate())));
  }

  StoredEntry read(String key, String stored, long remainingSeconds) {
    Blob blob = json.readValue(stored, Blob.class);
    return new StoredEntry(
        key,
        blob.exists(),
        B64D.decode(blob.value()),
        blob.storageTime(),
        remainingSeconds,
        B64D.decode(blob.signature()),
        B64D.decode(blob.certificate()));
  }
}
