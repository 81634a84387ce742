package org.p2psip.hostpeer.overlay.transport;

import java.util.function.Consumer;
import org.p2psip.overlay.node.NodeClock.Cancellable;
import org.p2psip.overlay.node.PeerLinks.Outcome;
import org.p2psip.protocol.message.TransactionKey;

/** A request sent to a peer and not yet settled; reports its outcome exactly once. */
final class PendingSend {

  final TransactionKey key;
  private final Consumer<Outcome> outcome;
  private Cancellable timer = Cancellable.NONE;
  private boolean settled;

  PendingSend(TransactionKey key, Consumer<Outcome> outcome) {
    this.key = key;
    this.outcome = outcome;
  }

  void timer(Cancellable timer) {
    this.timer = timer;
  }

  boolean settled() {
    return settled;
  }

  void settle(Outcome result) {
    if (settled) {
      return;
    }
    settled = true;
    timer.cancel();
    outcome.accept(result);
  }
}
