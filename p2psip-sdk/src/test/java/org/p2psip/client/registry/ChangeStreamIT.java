package org.p2psip.client.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change stream over a real HTTP connection: a loopback server that writes server-sent events
 * as the registry does, then keeps the stream open until the client goes.
 */
class ChangeStreamIT {

  HttpServer server;
  final AtomicReference<String> path = new AtomicReference<>();
  final AtomicReference<String> accept = new AtomicReference<>();
  final CountDownLatch clientGone = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/resources/",
        exchange -> {
          path.set(exchange.getRequestURI().getRawPath());
          accept.set(exchange.getRequestHeaders().getFirst("Accept"));
          if (exchange.getRequestURI().getRawPath().contains("missing")) {
            byte[] problem = "{\"detail\":\"no such kind\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          try {
            write(out, "event:present\ndata:{\"key\":\"aa\",\"generation\":2}\n\n");
            write(out, "event:ready\ndata:{\"key\":null,\"generation\":2}\n\n");
            write(out, ":keep-alive\n\n");
            write(out, "event:added\ndata:{\"key\":\"bb\",\"generation\":3}\n\n");
            write(out, "event:removed\ndata:{\"key\":\"aa\",\"generation\":4}\n\n");
            // an open stream, as the registry's: keep-alives until the client closes it
            for (int i = 0; i < 600; i++) {
              write(out, ":keep-alive\n\n");
              Thread.sleep(100);
            }
          } catch (Exception gone) {
            clientGone.countDown();
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  static void write(OutputStream out, String text) throws Exception {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void followsTheChangesOfADictionaryAndClosesTheStreamWhenCancelled() throws Exception {
    List<ChangeStream.Change> changes =
        new ChangeStream(HttpClient.newHttpClient(), base())
            .watch("team@example.org", "disco")
            .takeUntil(change -> change.event().equals("removed"))
            .collectList()
            .block(Duration.ofSeconds(30));
    assertThat(changes)
        .containsExactly(
            new ChangeStream.Change("present", "aa", 2),
            new ChangeStream.Change("ready", null, 2),
            new ChangeStream.Change("added", "bb", 3),
            new ChangeStream.Change("removed", "aa", 4));
    assertThat(path.get()).isEqualTo("/v1/resources/team%40example.org/kinds/disco/changes");
    assertThat(accept.get()).isEqualTo("text/event-stream");
    // cancelling closed the connection: the server's next write fails
    assertThat(clientGone.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anErrorAnswerIsARegistryRefusal() {
    assertThatThrownBy(
            () ->
                new ChangeStream(HttpClient.newHttpClient(), base())
                    .watch("missing", "disco")
                    .blockLast(Duration.ofSeconds(30)))
        .isInstanceOf(RegistryRefusal.class)
        .hasMessageContaining("404");
  }
}
