package org.p2psip.hostpeer.record;

import org.p2psip.protocol.value.Id128;

/** A one-peer overlay: this peer is responsible for every Resource-ID, its cache is its store. */
public final class LocalRecordPlacement implements RecordPlacement {

  private final RecordStore local;

  public LocalRecordPlacement(RecordStore local) {
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
