package org.p2psip.registry.store;

import java.util.List;
import org.p2psip.protocol.reload.Kind;

/** A dictionary as read, entries still in their stored JSON form. */
public record RawDictionary(Kind kind, long generation, List<RawEntry> entries) {

  /** One live entry: key, remaining lifetime (s), stored JSON. */
  public record RawEntry(String key, long remainingSeconds, String blob) {

    /** The entry as the HTTP API shows it (JSON). */
    public String apiJson() {
      return EntryBlobs.apiJson(key, remainingSeconds, blob);
    }
  }
}
