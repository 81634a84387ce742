package org.p2psip.protocol;

import java.util.HexFormat;

/** Hex written by hand in tests: whitespace is ignored and '#' starts a comment to end of line. */
public final class TestHex {

  private TestHex() {}

  public static byte[] bytes(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int comment = line.indexOf('#');
      String code = comment >= 0 ? line.substring(0, comment) : line;
      digits.append(code.replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(digits.toString());
  }
}
