package org.p2psip.enrollment.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.config.EnrollmentProperties;
import org.springframework.stereotype.Component;

/** The operator's bearer token, compared in constant time; with none configured, no one is. */
@Component
public final class OperatorToken {

  private final byte @Nullable [] expected;

  public OperatorToken(EnrollmentProperties properties) {
    String token = properties.operatorToken();
    this.expected =
        token == null || token.isBlank()
            ? null
            : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  public boolean accepts(@Nullable String authorization) {
    return expected != null
        && authorization != null
        && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
  }
}
