package org.p2psip.disco.state;

/**
 * RFC 4575 4.6's version rule on the receiving side of one subscription: a full document newer than
 * the last is taken and sets the version; a partial one is taken only when it is exactly one more
 * than the last; an older or equal one is a duplicate; a gap means notifications were lost, so the
 * receiver discards what it holds from this notifier and asks for a full state again
 * (re-SUBSCRIBE).
 */
public final class NotificationVersions {

  /** What to do with a received document. */
  public enum Verdict {
    APPLY,
    DUPLICATE,
    GAP
  }

  private long last = -1;

  public Verdict check(ConferenceInfo document) {
    if (document.state() == ElementState.FULL) {
      if (last >= 0 && document.version() <= last) {
        return Verdict.DUPLICATE; // an old full state arriving late must not roll the state back
      }
      last = document.version();
      return Verdict.APPLY;
    }
    if (last < 0) {
      return Verdict.GAP; // a partial document before any full one
    }
    if (document.version() <= last) {
      return Verdict.DUPLICATE;
    }
    if (document.version() != last + 1) {
      return Verdict.GAP;
    }
    last = document.version();
    return Verdict.APPLY;
  }

  /** The last version applied; -1 before the first full document. */
  public long last() {
    return last;
  }
}
