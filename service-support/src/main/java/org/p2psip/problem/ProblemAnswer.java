package org.p2psip.problem;

import java.util.Map;
import org.springframework.http.HttpHeaders;
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
}
