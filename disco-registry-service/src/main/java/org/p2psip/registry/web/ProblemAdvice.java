package org.p2psip.registry.web;

import java.net.URI;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.registry.RegistryException;
import org.p2psip.registry.trust.OverlayTrust;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every refusal as an RFC 7807 problem carrying the RELOAD error code and name (PROTOCOL.md 4.3)
 * and a fitting HTTP status.
 */
@RestControllerAdvice
public final class ProblemAdvice {

  static HttpStatus status(ReloadErrorCode code) {
    return switch (code) {
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case GENERATION_COUNTER_TOO_LOW, DATA_TOO_OLD -> HttpStatus.CONFLICT;
      case DATA_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
      case UNKNOWN_KIND, INVALID_MESSAGE -> HttpStatus.BAD_REQUEST;
    };
  }

  static ResponseEntity<ProblemDetail> problem(ReloadErrorCode code, String detail) {
    return problem(code, detail, java.util.Map.of());
  }

  static ResponseEntity<ProblemDetail> problem(
      ReloadErrorCode code, String detail, java.util.Map<String, Object> extra) {
    HttpStatus status = status(code);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(code.reloadName());
    problem.setType(URI.create("urn:ietf:rfc:6940:error:" + code.code()));
    problem.setProperty("reloadError", code.code());
    problem.setProperty("reloadErrorName", code.reloadName());
    extra.forEach(problem::setProperty);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(RegistryException.class)
  ResponseEntity<ProblemDetail> refused(RegistryException e) {
    return problem(e.code(), e.getMessage(), e.extra());
  }

  /** Unreadable JSON, wrong types, a body over the size limit. */
  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataBufferLimitException) {
        return problem(ReloadErrorCode.DATA_TOO_LARGE, "the request body is too large");
      }
    }
    return problem(
        ReloadErrorCode.INVALID_MESSAGE,
        "the request cannot be read: " + (e.getReason() == null ? "malformed" : e.getReason()));
  }

  @ExceptionHandler(OverlayTrust.TrustUnavailableException.class)
  ResponseEntity<ProblemDetail> noTrust(OverlayTrust.TrustUnavailableException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Overlay CA not available");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "10")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
