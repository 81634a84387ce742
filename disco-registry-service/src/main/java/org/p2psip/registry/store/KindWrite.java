package org.p2psip.registry.store;

import java.util.List;
import org.p2psip.protocol.reload.Kind;

/** The entries of one kind in a Store, already checked, with the generation the writer expects. */
public record KindWrite(Kind kind, long generation, List<StoredEntry> entries) {}
