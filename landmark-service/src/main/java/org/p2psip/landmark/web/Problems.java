package org.p2psip.landmark.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
      return unavailable(error.getMessage(), unavailable.retryAfter(), path);
    }
    if (causedBy(error, DataBufferLimitException.class)) {
      return answer(
          HttpStatus.CONTENT_TOO_LARGE,
          new HttpHeaders(),
          problem(HttpStatus.CONTENT_TOO_LARGE, null, "the request body is too large", path));
    }
    if (error instanceof ErrorResponse response) {
      HttpStatusCode status = response.getStatusCode();
      ProblemDetail detail = response.getBody();
      if (status.is5xxServerError()) {
        log.error("request {} failed", path, error);
      }
      HttpHeaders headers = new HttpHeaders();
      headers.putAll(response.getHeaders());
      return answer(status, headers, problem(status, null, detail.getDetail(), path));
    }
    if (StoreFailures.isOutage(error)) {
      return unavailable(
          "the landmark service's store (Redis) cannot be reached; try again later",
          storeRetryAfter,
          path);
    }
    log.error("request {} failed", path, error);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR,
        new HttpHeaders(),
        problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Internal error",
            "the landmark service failed to answer; the failure is in its log",
            path));
  }

  private static ProblemAnswer unavailable(String detail, Duration retryAfter, String path) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    return answer(
        HttpStatus.SERVICE_UNAVAILABLE,
        headers,
        problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable", detail, path));
  }

  private static ProblemAnswer answer(
      HttpStatusCode status, HttpHeaders headers, Map<String, Object> body) {
    return new ProblemAnswer(status, headers, body);
  }

  /** The members RFC 9457 defines; the title is the status's reason phrase unless given. */
  private static Map<String, Object> problem(
      HttpStatusCode status, String title, String detail, String path) {
    HttpStatus known = HttpStatus.resolve(status.value());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put(
        "title",
        title != null ? title : known == null ? "HTTP " + status.value() : known.getReasonPhrase());
    body.put("status", status.value());
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("instance", path);
    return body;
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
