package org.p2psip.landmark.web;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every exception raised while a request is dispatched (mapping, argument resolution, codecs, the
 * controllers) answered as {@link Problems} says, ahead of any other advice; what is raised outside
 * the dispatcher reaches {@link org.p2psip.problem.ProblemExceptionHandler} instead.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ProblemAdvice {

  private final Problems problems;

  public ProblemAdvice(Problems problems) {
    this.problems = problems;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> refused(Exception error, ServerWebExchange exchange) {
    return problems.of(error, exchange.getRequest().getPath().value()).entity();
  }
}
