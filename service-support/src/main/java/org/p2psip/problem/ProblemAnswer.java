package org.p2psip.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A refusal as an RFC 9457 problem: the status, the headers it needs and the problem's members. */
public record ProblemAnswer(HttpStatusCode status, HttpHeaders headers, Map<String, Object> body) {

  public ResponseEntity<Map<String, Object>> entity() {
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /**
   * A problem with the members RFC 9457 defines, in its order ({@code type} about:blank); the title
   * is the status's reason phrase when null, the detail left out when null. The body is mutable,
   * for a service to add its own members (RELOAD errors, say).
   */
  public static ProblemAnswer of(
      HttpStatusCode status,
      HttpHeaders headers,
      @Nullable String title,
      @Nullable String detail,
      String path) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title != null ? title : reason(status));
    body.put("status", status.value());
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("instance", path);
    return new ProblemAnswer(status, headers, body);
  }

  /** 503 with {@code Retry-After} (whole seconds, at least 1). */
  public static ProblemAnswer unavailable(
      String title, @Nullable String detail, Duration retryAfter, String path) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    return of(HttpStatus.SERVICE_UNAVAILABLE, headers, title, detail, path);
  }

  /** 500 that says no more than {@code detail}: the failure itself goes to the service's log. */
  public static ProblemAnswer internalError(String detail, String path) {
    return of(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), "Internal error", detail, path);
  }

  /** The status's reason phrase, or "HTTP nnn" for a status Spring does not know. */
  public static String reason(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
  }
}
