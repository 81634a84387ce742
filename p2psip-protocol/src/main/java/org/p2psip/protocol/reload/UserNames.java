package org.p2psip.protocol.reload;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one grammar of overlay user names: the rfc822Name of an enrollment or conference certificate,
 * the account name of CHAP, the name whose Resource-ID a user may write (USER-MATCH).
 *
 * <p>A user name is a plain {@code local@domain} address in ASCII: the local part of letters,
 * digits and {@code . _ % + -} (1-64 characters, no leading, trailing or doubled dot), the domain
 * of dot-separated labels of letters, digits and hyphens (1-63 characters each, no leading or
 * trailing hyphen; at most 253 in all). No scheme, no whitespace anywhere, no control or non-ASCII
 * characters, no quoting, no comments. Names compare case-insensitively; the canonical form is the
 * lower-case one, and it is the only form the CA certifies and the registry accepts.
 *
 * <p>Why so strict: the Resource-ID of a name drops a {@code sip:} scheme (docs/protocol.md 3) and
 * readers may trim or case-fold what they read, so any name outside this grammar could become a
 * second identity for someone else's resource.
 */
public final class UserNames {

  private static final Pattern LOCAL =
      Pattern.compile("[A-Za-z0-9_%+\\-]+(\\.[A-Za-z0-9_%+\\-]+)*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?");

  static final int MAX_LOCAL = 64;
  static final int MAX_LABEL = 63;
  static final int MAX_DOMAIN = 253;

  private UserNames() {}

  /** The canonical (lower-case) form of {@code name}, or empty when it is not a user name. */
  public static Optional<String> canonical(String name) {
    return problem(name).isEmpty() ? Optional.of(name.toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** Whether {@code name} is a user name in its canonical form (what a certificate may carry). */
  public static boolean isCanonical(String name) {
    return problem(name).isEmpty() && name.equals(name.toLowerCase(Locale.ROOT));
  }

  /** Why {@code name} is not a user name, or empty when it is one (in any letter case). */
  public static Optional<String> problem(@Nullable String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("a user name is user@domain");
    }
    int at = name.indexOf('@');
    if (at < 0 || at != name.lastIndexOf('@')) {
      return Optional.of("a user name has exactly one @");
    }
    String local = name.substring(0, at);
    String domain = name.substring(at + 1);
    if (local.isEmpty() || local.length() > MAX_LOCAL || !LOCAL.matcher(local).matches()) {
      return Optional.of(
          "the part before @ is 1-64 letters, digits and . _ % + - (no scheme, no spaces)");
    }
    if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
      return Optional.of("the domain is 1-253 characters");
    }
    for (String label : domain.split("\\.", -1)) {
      if (label.length() > MAX_LABEL || !LABEL.matcher(label).matches()) {
        return Optional.of("the domain is dot-separated labels of letters, digits and hyphens");
      }
    }
    return Optional.empty();
  }
}
