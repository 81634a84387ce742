package org.p2psip.client.peer;

import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.auth.ChapKeys;
import org.p2psip.protocol.reload.UserNames;
import org.p2psip.protocol.value.Octets;

/**
 * What a client needs to answer a host peer's CHAP challenge (docs/protocol.md 2.3): the user name
 * and the key K derived from the password. K, not the password, is kept: deriving it costs 100,000
 * PBKDF2 rounds, done once in {@link #derive} (call it off any event loop), never per Join.
 */
public record ChapCredentials(String userName, byte[] key) {

  public ChapCredentials {
    if (userName == null || userName.isBlank()) {
      throw new IllegalArgumentException("CHAP needs a user name");
    }
    if (key == null || key.length != ChapKeys.KEY_LENGTH) {
      throw new IllegalArgumentException("CHAP key K must be " + ChapKeys.KEY_LENGTH + " bytes");
    }
    key = key.clone();
  }

  /**
   * K for {@code userName} in {@code overlayName}: slow on purpose. A user name is used in its
   * canonical (lower-case) form, the one the enrollment service derived the stored K with, so that
   * {@code Alice@Example.org} logs in as {@code alice@example.org}.
   */
  public static ChapCredentials derive(String overlayName, String userName, String password) {
    String name = UserNames.canonical(userName).orElse(userName);
    return new ChapCredentials(name, ChapKeys.deriveKey(password, overlayName, name));
  }

  /** The Security attribute of the Join that answers {@code challenge}. */
  public Security answer(Octets challenge) {
    return Security.chapResponse(
        userName, Octets.wrap(ChapKeys.response(key, challenge.toByteArray())));
  }

  @Override
  public String toString() {
    return "ChapCredentials[" + userName + "]";
  }
}
