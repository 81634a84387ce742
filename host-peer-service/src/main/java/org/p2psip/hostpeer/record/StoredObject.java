package org.p2psip.hostpeer.record;

import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * One object under a Resource-ID. Owner and content hash name it among the others there
 * (docs/protocol.md 2.1).
 */
public record StoredObject(
    Id128 resourceId, Id128 owner, Octets contentHash, int valueType, @Nullable Octets content) {}
