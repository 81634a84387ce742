package org.p2psip.enrollment.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Refusals of the peer-certificate calls as RFC 9457 problems ({@code application/problem+json}).
 */
final class OperatorProblems {

  private OperatorProblems() {}

  static <T> ResponseEntity<T> of(HttpStatus status, String detail, String path) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(path));
    @SuppressWarnings("unchecked")
    T body = (T) problem;
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }

  /** 401 with {@code WWW-Authenticate: Bearer}: no operator token, or not the right one. */
  static <T> ResponseEntity<T> unauthorized(String path) {
    ResponseEntity<T> problem =
        of(
            HttpStatus.UNAUTHORIZED,
            "the operator API needs Authorization: Bearer <operator token>",
            path);
    return ResponseEntity.status(problem.getStatusCode())
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem.getBody());
  }
}
