package org.p2psip.registry.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * How an entry is kept in its Redis hash field: a small JSON object, binary fields in base64, in
 * the shape the HTTP API shows it except for the key (the field name) and the remaining lifetime
 * (from the expiry sorted set). A Fetch therefore splices stored JSON into its answer instead of
 * decoding and re-encoding every entry ({@link #apiJson}).
 */
final class EntryBlobs {

  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** The stored form; a chain only for an entry written through a focus delegation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Blob(
      boolean exists,
      String value,
      long storageTime,
      String signature,
      String certificate,
      @Nullable List<String> chain) {}

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
            B64.encodeToString(entry.signature()),
            B64.encodeToString(entry.certificate()),
            entry.chain().isEmpty()
                ? null
                : entry.chain().stream().map(B64::encodeToString).toList()));
  }

  /** The API form of a stored entry: its blob with the key and remaining lifetime added. */
  static String apiJson(String key, long remainingSeconds, String stored) {
    return "{\"key\":\"" + key + "\",\"lifetime\":" + remainingSeconds + "," + stored.substring(1);
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
        B64D.decode(blob.certificate()),
        blob.chain() == null ? List.of() : blob.chain().stream().map(B64D::decode).toList(),
        0);
  }
}
