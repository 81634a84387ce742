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

  static ResponseEntity<Object> of(HttpStatus status, String detail, String path) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem(status, detail, path));
  }

  /** 401 with {@code WWW-Authenticate: Bearer}: no operator token, or not the right one. */
  static ResponseEntity<Object> unauthorized(String path) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            problem(
                HttpStatus.UNAUTHORIZED,
                "the operator API needs Authorization: Bearer <operator token>",
                path));
  }

  private static ProblemDetail problem(HttpStatus status, String detail, String path) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(path));
    return problem;
  }
}
