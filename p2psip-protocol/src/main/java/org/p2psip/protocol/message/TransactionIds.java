package org.p2psip.protocol.message;

import java.security.SecureRandom;

/**
 * Transaction-IDs are chosen at random by the requester (docs/protocol.md 1.1), so that an on-path
 * observer cannot guess the next one and a peer cannot confuse two clients' transactions.
 */
public final class TransactionIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TransactionIds() {}

  public static int next() {
    return RANDOM.nextInt();
  }
}
