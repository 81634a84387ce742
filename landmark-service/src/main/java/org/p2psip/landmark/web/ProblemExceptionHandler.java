package org.p2psip.landmark.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last stop of any exception that escaped the dispatcher (a web filter, a codec after the
 * handler, the actuator): answered as {@link Problems} says, written here as JSON whatever the
 * request accepts, before Spring Boot's default error handler (order -1) could answer its own JSON.
 */
@Component
@Order(-2)
public final class ProblemExceptionHandler implements WebExceptionHandler {

  private final Problems problems;
  private final JsonMapper json;

  public ProblemExceptionHandler(Problems problems, JsonMapper json) {
    this.problems = problems;
    this.json = json;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      // the status line is out: nothing left to answer with but closing the connection
      return Mono.error(error);
    }
    Problems.Answer answer = problems.of(error, exchange.getRequest().getPath().value());
    byte[] body = json.writeValueAsBytes(answer.body());
    response.setStatusCode(answer.status());
    response.getHeaders().remove("ETag");
    response.getHeaders().putAll(answer.headers());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(body.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }
}
