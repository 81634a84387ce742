package org.p2psip.problem;

/** How a service answers any error as a problem (its own codes, RELOAD errors where they apply). */
public interface ProblemAnswers {

  /** The answer to {@code error}, raised while serving {@code path}. */
  ProblemAnswer of(Throwable error, String path);
}
