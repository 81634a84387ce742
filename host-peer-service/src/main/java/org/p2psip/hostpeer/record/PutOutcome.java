package org.p2psip.hostpeer.record;

/** What became of a Put of one object. */
public enum PutOutcome {
  STORED,
  /** The Resource-ID already holds as many objects as allowed. */
  RESOURCE_FULL,
  /** The owner already has as many objects as allowed. */
  OWNER_OBJECTS_EXCEEDED,
  /** The owner's objects would exceed the allowed total size. */
  OWNER_BYTES_EXCEEDED
}
