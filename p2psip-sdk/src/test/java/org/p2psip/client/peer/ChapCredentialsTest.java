package org.p2psip.client.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.p2psip.protocol.auth.ChapKeys;

class ChapCredentialsTest {

  @Test
  void aUserNameInAnyLetterCaseAnswersWithTheCanonicalNameAndItsKey() {
    ChapCredentials credentials =
        ChapCredentials.derive("overlay.test", "Alice@Example.ORG", "a password");
    assertThat(credentials.userName()).isEqualTo("alice@example.org");
    assertThat(credentials.key())
        .isEqualTo(ChapKeys.deriveKey("a password", "overlay.test", "alice@example.org"));
  }
}
