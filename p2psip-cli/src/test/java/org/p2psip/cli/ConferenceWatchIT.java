package org.p2psip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code p2psip conference watch} against a loopback server that streams the registry's events: the
 * command prints each event and stops after {@code --count} changes.
 */
class ConferenceWatchIT {

  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/resources/team@example.org/kinds/disco/changes",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (String event :
                new String[] {
                  "event:present\ndata:{\"key\":\"aa\",\"generation\":2}\n\n",
                  "event:ready\ndata:{\"key\":null,\"generation\":2}\n\n",
                  ":keep-alive\n\n",
                  "event:added\ndata:{\"key\":\"bb\",\"generation\":3}\n\n",
                  "event:removed\ndata:{\"key\":\"aa\",\"generation\":4}\n\n"
                }) {
              out.write(event.getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          } catch (Exception gone) {
            // the client stopped reading
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String registry() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        P2psipCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void printsEachEventAndStopsAfterCountChanges() {
    String[] run =
        run(
            "conference",
            "watch",
            "--registry",
            registry(),
            "--uri",
            "sip:team@example.org",
            "--count",
            "1");
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    String[] lines = run[1].split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("\\d\\d:\\d\\d(:\\d\\d)? present  aa");
    assertThat(lines[1]).endsWith("ready    (generation 2)");
    assertThat(lines[2]).endsWith("added    bb");
  }

  @Test
  void jsonIsOneObjectPerEvent() {
    String[] run = run("watch", "--registry", registry(), "--uri", "team@example.org", "--json");
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    String[] lines = run[1].split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith("{\"event\":\"ready\",\"key\":null,\"generation\":2,\"at\":");
    assertThat(lines[3]).startsWith("{\"event\":\"removed\",\"key\":\"aa\",\"generation\":4,");
  }
}
