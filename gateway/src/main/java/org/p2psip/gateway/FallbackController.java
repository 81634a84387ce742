package org.p2psip.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker sends a failed call: a problem naming the backend and what went
 * wrong. Open circuit: 503 with Retry-After; no answer in time: 504; unreachable or broken
 * connection: 502.
 */
@RestController
final class FallbackController {

  @RequestMapping("/fallback/{backend}")
  ResponseEntity<ProblemDetail> fallback(@PathVariable String backend, ServerWebExchange exchange) {
    Throwable failure =
        exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
    HttpStatus status;
    String detail;
    if (failure instanceof CallNotPermittedException) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      detail = "the " + backend + " service is failing; requests are paused for a moment";
    } else if (isTimeout(failure)) {
      status = HttpStatus.GATEWAY_TIMEOUT;
      detail = "the " + backend + " service did not answer in time";
    } else {
      status = HttpStatus.BAD_GATEWAY;
      detail = "the " + backend + " service cannot be reached";
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(status.getReasonPhrase());
    problem.setProperty("backend", backend);
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      answer.header("Retry-After", "10");
    }
    return answer.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static boolean isTimeout(@Nullable Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException
          || cause.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}
