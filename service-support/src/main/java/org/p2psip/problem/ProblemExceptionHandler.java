package org.p2psip.problem;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last stop of any exception that escaped the dispatcher (a web filter, a codec after the
 * handler, the actuator): answered as the service's {@link ProblemAnswers} say, written here as
 * JSON whatever the request accepts, before Spring Boot's default error handler (order -1) could
 * answer its own JSON. A service declares it as a bean.
 */
public final class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

  private final ProblemAnswers problems;
  private final JsonMapper json;

  public ProblemExceptionHandler(ProblemAnswers problems, JsonMapper json) {
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
    ProblemAnswer answer = problems.of(error, exchange.getRequest().getPath().value());
    byte[] body = json.writeValueAsBytes(answer.body());
    response.setStatusCode(answer.status());
    response.getHeaders().remove("ETag");
    response.getHeaders().putAll(answer.headers());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(body.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }

  @Override
  public int getOrder() {
    return -2;
  }
}
