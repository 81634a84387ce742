package org.p2psip.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's own refusals as RFC 7807 problems: the rate limiter (429) and the size limit (413)
 * end a response without a body; this gives it one. Answers that already have a body (a backend's)
 * pass untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ProblemResponses implements WebFilter {

  private static final Map<Integer, String> DETAILS =
      Map.of(
          429, "too many requests from this client; slow down (see X-RateLimit-* headers)",
          413, "the request body is larger than this gateway accepts");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpResponse original = exchange.getResponse();
    ServerHttpResponseDecorator decorated =
        new ServerHttpResponseDecorator(original) {
          private boolean wroteBody;

          @Override
          public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            wroteBody = true;
            return super.writeWith(body);
          }

          @Override
          public Mono<Void> writeAndFlushWith(
              Publisher<? extends Publisher<? extends DataBuffer>> body) {
            wroteBody = true;
            return super.writeAndFlushWith(body);
          }

          @Override
          public Mono<Void> setComplete() {
            HttpStatusCode status = getStatusCode();
            if (!wroteBody && status != null && DETAILS.containsKey(status.value())) {
              return writeProblem(this, status.value());
            }
            return super.setComplete();
          }
        };
    return chain.filter(exchange.mutate().response(decorated).build());
  }

  private static Mono<Void> writeProblem(ServerHttpResponse response, int status) {
    String title = HttpStatus.valueOf(status).getReasonPhrase();
    String body =
        "{\"type\":\"about:blank\",\"title\":\""
            + title
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + DETAILS.get(status)
            + "\"}";
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().setContentLength(bytes.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
