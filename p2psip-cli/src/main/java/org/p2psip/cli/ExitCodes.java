package org.p2psip.cli;

/** Every exit code of {@code p2psip} (docs/cli.md), in one place. */
final class ExitCodes {

  /** Done. */
  static final int OK = 0;

  /** A failure the command did not foresee (the message is printed, not a trace). */
  static final int FAILED = 1;

  /** Input the command could not use (bad hex, malformed message, a missing option value). */
  static final int BAD_INPUT = 2;

  /** A load run in which requests failed, or that failed. */
  static final int LOAD_ERRORS = 3;

  /** A service or peer refused (credentials, URI taken, a response other than 200). */
  static final int REFUSED = 4;

  /** A service, peer or landmark could not be reached (or published nothing). */
  static final int UNREACHABLE = 5;

  /** Too few landmarks answered probes to compute a coordinate. */
  static final int TOO_FEW_ANSWERS = 6;

  private ExitCodes() {}
}
