package org.p2psip.registry.store;

import java.util.List;
import org.p2psip.protocol.reload.Kind;

/** The live entries of one kind at one Resource-ID and its generation counter. */
public record Dictionary(Kind kind, long generation, List<StoredEntry> entries) {

  /** Entries that exist (tombstones left out). */
  public List<StoredEntry> existing() {
    return entries.stream().filter(StoredEntry::exists).toList();
  }
}
