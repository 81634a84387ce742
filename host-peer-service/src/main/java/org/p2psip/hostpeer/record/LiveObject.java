package org.p2psip.hostpeer.record;

/** A stored object with the whole seconds of lifetime it has left (rounded up). */
public record LiveObject(StoredObject object, long remainingSeconds) {}
