package org.p2psip.landmark.web;

import java.time.Duration;
import org.p2psip.landmark.LandmarkProperties;
import org.p2psip.problem.ProblemAnswer;
import org.p2psip.problem.ProblemAnswers;
import org.p2psip.store.StoreFailures;
import org.p2psip.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;

/**
 * What every refusal is answered with, whichever layer raised it: an RFC 9457 problem ({@code
 * application/problem+json}) with a fitting status and the headers it calls for ({@code Allow},
 * {@code Retry-After}). The landmark service is no RELOAD storing node, so its problems carry no
 * RELOAD error.
 */
@Component
public final class Problems implements ProblemAnswers {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private final Duration storeRetryAfter;

  public Problems(LandmarkProperties properties) {
    this.storeRetryAfter = properties.store().retryAfter();
  }

  /** The answer to {@code error}, raised while serving {@code path}. */
  @Override
  public ProblemAnswer of(Throwable error, String path) {
    if (error instanceof StoreUnavailableException unavailable) {
      return ProblemAnswer.unavailable(
          "Store unavailable", error.getMessage(), unavailable.retryAfter(), path);
    }
    if (ProblemAnswers.causedBy(error, DataBufferLimitException.class)) {
      return ProblemAnswer.of(
          HttpStatus.CONTENT_TOO_LARGE,
          new HttpHeaders(),
          null,
          "the request body is too large",
          path);
    }
    if (error instanceof ErrorResponse response) {
      HttpStatusCode status = response.getStatusCode();
      ProblemDetail detail = response.getBody();
      if (status.is5xxServerError()) {
        log.error("request {} failed", path, error);
      }
      HttpHeaders headers = new HttpHeaders();
      headers.putAll(response.getHeaders());
      return ProblemAnswer.of(status, headers, null, detail.getDetail(), path);
    }
    if (StoreFailures.isOutage(error)) {
      return ProblemAnswer.unavailable(
          "Store unavailable",
          "the landmark service's store (Redis) cannot be reached; try again later",
          storeRetryAfter,
          path);
    }
    log.error("request {} failed", path, error);
    return ProblemAnswer.internalError(
        "the landmark service failed to answer; the failure is in its log", path);
  }
}
