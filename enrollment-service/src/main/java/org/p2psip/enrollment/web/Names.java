package org.p2psip.enrollment.web;

import java.util.regex.Pattern;

/** What a user name may look like: the rfc822Name of a certificate, user@domain, ASCII. */
final class Names {

  private static final Pattern USER_NAME =
      Pattern.compile("[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9.\\-]{1,190}");

  private Names() {}

  static boolean validUserName(String name) {
    return name != null && USER_NAME.matcher(name).matches();
  }
}
