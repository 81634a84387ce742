package org.p2psip.overlay.store;

/** One stored version as a range digest sees it (docs/peer-protocol.md 5.6). */
public record DigestEntry(ObjectKey key, Version version) {}
