package org.p2psip.enrollment.web;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Bodies over the configured limits ({@code spring.webflux.multipart.*}, {@code
 * spring.codec.max-in-memory-size}) are a client error, 413, not a server failure.
 */
@RestControllerAdvice
final class RequestLimits {

  private static final ResponseEntity<byte[]> TOO_LARGE =
      ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
          .contentType(MediaType.TEXT_PLAIN)
          .body("request too large".getBytes(StandardCharsets.US_ASCII));

  @ExceptionHandler(DataBufferLimitException.class)
  ResponseEntity<byte[]> tooLarge(DataBufferLimitException e) {
    return TOO_LARGE;
  }

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<byte[]> badInput(ServerWebInputException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataBufferLimitException) {
        return TOO_LARGE;
      }
    }
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.TEXT_PLAIN)
        .body(("bad request: " + e.getReason()).getBytes(StandardCharsets.UTF_8));
  }
}
