package org.p2psip.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Real HTTP servers standing where the gateway's backends are: each answers with its name and the
 * path it was asked for, so a test sees which backend a request reached and what it received
 * (including, on the last line, the forwarded client certificate and the gateway's signature of it,
 * when present). Paths containing {@code /slow} answer after 3 s; {@code /fail} answers 500.
 */
final class Backends {

  static DisposableServer named(String name) {
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle(
            (request, response) -> {
              String path = request.uri();
              if (path.contains("/fail")) {
                return response.status(500).sendString(Mono.just(name + " failed"));
              }
              Mono<String> body =
                  request
                      .receive()
                      .aggregate()
                      .asString()
                      .defaultIfEmpty("")
                      .map(
                          received ->
                              name
                                  + " "
                                  + request.method()
                                  + " "
                                  + path
                                  + " bytes="
                                  + received.length()
                                  + " client-cert-header="
                                  + request.requestHeaders().contains("X-P2PSIP-Client-Certificate")
                                  + "\n"
                                  + request.requestHeaders().get("X-P2PSIP-Client-Certificate")
                                  + " "
                                  + request.requestHeaders().get("X-P2PSIP-Client-Address")
                                  + " "
                                  + request.requestHeaders().get("X-P2PSIP-Gateway-Signature"));
              if (path.contains("/slow")) {
                body = body.delayElement(Duration.ofSeconds(3));
              }
              return response.header("Content-Type", "text/plain").sendString(body);
            })
        .bindNow();
  }

  /** A port nobody listens on. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Backends() {}
}
