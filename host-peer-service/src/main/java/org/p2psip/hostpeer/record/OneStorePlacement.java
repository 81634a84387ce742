package org.p2psip.hostpeer.record;

import org.p2psip.protocol.value.Id128;

/**
 * Every record in one store: this peer's Redis when it runs without the overlay (responsible for
 * every Resource-ID), or the overlay, which finds the responsible peer itself.
 */
public final class OneStorePlacement implements RecordPlacement {

  private final RecordStore local;

  public OneStorePlacement(RecordStore local) {
    this.local = local;
  }

  @Override
  public RecordStore cache() {
    return local;
  }

  @Override
  public RecordStore responsibleFor(Id128 resourceId) {
    return local;
  }
}
