package org.p2psip.problem;

/** How a service answers any error as a problem (its own codes, RELOAD errors where they apply). */
public interface ProblemAnswers {

  /** The answer to {@code error}, raised while serving {@code path}. */
  ProblemAnswer of(Throwable error, String path);

  /** Whether {@code error} or any of its causes is a {@code type}. */
  static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
